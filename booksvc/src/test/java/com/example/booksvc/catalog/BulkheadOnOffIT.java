package com.example.booksvc.catalog;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import com.example.booksvc.Fixtures;
import com.example.booksvc.RedisContainerConfiguration;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

import static com.example.booksvc.Fixtures.bookJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the door and the bulkhead buy: a flood of lookups for distinct books at once, storagesvc
 * answering each in 250 ms (under the slow-call threshold and the time limit). With them, only as
 * many lookups as the door lets in reach storagesvc, and the rest, none of them cached, are told at
 * once to come back in a second; without them, every one of them lands on storagesvc at the same
 * moment. (A cached book past the door is answered from the cache: LookupDoorIT.)
 */
class BulkheadOnOffIT {

	/** Fewer than WireMock's own request threads (25), so that storagesvc itself never queues them. */
	private static final int LOOKUPS = 16;

	private static final int STORAGESVC_MILLIS = 250;

	/** Books no list of the fixtures holds, so that the cache has none of them. */
	private static final int FIRST_ID = 101;

	@Nested
	@PolicyTest
	@Import(RedisContainerConfiguration.class)
	class On extends Flood {

		@Test
		void onlyTheDoorsLookupsReachStoragesvcTheRestAreShedAtOnce() {
			int door = bulkheads.bulkhead("lookups").getBulkheadConfig().getMaxConcurrentCalls();

			assertThat(flood()).containsOnly(Map.entry("200 storagesvc", door), Map.entry("503 Retry-After 1", LOOKUPS - door));
			assertThat(lookupCalls()).isEqualTo(door);
		}

	}

	@Nested
	@PolicyTest
	@Import(RedisContainerConfiguration.class)
	@ActiveProfiles("no-bulkhead")
	class Off extends Flood {

		@Test
		void everyLookupLandsOnStoragesvc() {
			assertThat(flood()).containsOnly(Map.entry("200 storagesvc", LOOKUPS));
			assertThat(lookupCalls()).isEqualTo(LOOKUPS);
		}

	}

	abstract static class Flood extends OnOffFixture {

		@LocalServerPort
		int port;

		@Autowired
		BulkheadRegistry bulkheads;

		@BeforeEach
		void storagesvcTakesAMomentForEachBook() {
			Fixtures.warmUp(storagesvc, http);
			// as new, whatever the tests sharing this context left it in
			breaker().reset();
			for (int id = FIRST_ID; id < FIRST_ID + LOOKUPS; id++) {
				storagesvc.stubFor(get("/books/" + id).willReturn(okJson(bookJson(id)).withFixedDelay(STORAGESVC_MILLIS)));
			}
		}

		/** Every lookup sent at once, its answer counted by status and source or Retry-After. */
		Map<String, Integer> flood() {
			Map<String, Integer> answers = new TreeMap<>();
			try (HttpClient callers = HttpClient.newHttpClient()) {
				List<CompletableFuture<HttpResponse<Void>>> lookups = IntStream.range(FIRST_ID, FIRST_ID + LOOKUPS)
					.mapToObj(id -> callers.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/books/" + id)).build(),
							HttpResponse.BodyHandlers.discarding()))
					.toList();
				for (CompletableFuture<HttpResponse<Void>> lookup : lookups) {
					HttpResponse<Void> answer = lookup.join();
					String detail = answer.headers().firstValue("X-Data-Source")
						.orElseGet(() -> "Retry-After " + answer.headers().firstValue("Retry-After").orElse("-"));
					answers.merge(answer.statusCode() + " " + detail, 1, Integer::sum);
				}
			}
			return answers;
		}

		int lookupCalls() {
			return storagesvc.countRequestsMatching(getRequestedFor(urlPathMatching("/books/\\d+")).build()).getCount();
		}

	}

}
