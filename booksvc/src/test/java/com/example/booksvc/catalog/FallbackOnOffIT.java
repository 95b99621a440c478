package com.example.booksvc.catalog;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import com.example.booksvc.RedisContainerConfiguration;

import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;

import static com.example.booksvc.Fixtures.BOOKS_JSON;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.serviceUnavailable;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the fallback buys: storagesvc's database is down (503, Retry-After 5) after one good answer.
 * With the last good answer in Redis the caller gets the books, marked stale; without Redis, a 503
 * problem that says when to come back.
 */
class FallbackOnOffIT {

	private static final String DATABASE_DOWN_RETRY_AFTER = "5";

	@Nested
	@PolicyTest
	@Import(RedisContainerConfiguration.class)
	class On extends OnOffFixture {

		@Test
		void theLastGoodAnswerIsServedMarkedStale() {
			answeredOnceAndCached();
			storagesvc.stubFor(get("/books").willReturn(serviceUnavailable().withHeader("Retry-After", DATABASE_DOWN_RETRY_AFTER)));

			ResponseEntity<String> answer = http.getForEntity("/books", String.class);

			assertThat(StoragesvcFaults.kind(answer)).isEqualTo("200 cache");
			assertThat(answer.getHeaders().getFirst("Age")).isNotNull();
			assertThat(answer.getBody()).contains("Pride and Prejudice");
		}

	}

	/** No Redis at all (the profile points booksvc at a port where nothing listens). */
	@Nested
	@PolicyTest
	@ActiveProfiles("no-fallback")
	class Off extends OnOffFixture {

		@Test
		void theCallerGetsA503ProblemWithStoragesvcsRetryAfter() {
			storagesvc.stubFor(get("/books").willReturn(okJson(BOOKS_JSON)));
			assertThat(StoragesvcFaults.kind(http.getForEntity("/books", String.class))).isEqualTo("200 storagesvc");
			storagesvc.stubFor(get("/books").willReturn(serviceUnavailable().withHeader("Retry-After", DATABASE_DOWN_RETRY_AFTER)));

			ResponseEntity<String> answer = http.getForEntity("/books", String.class);

			assertThat(StoragesvcFaults.kind(answer)).isEqualTo("503 -");
			assertThat(answer.getHeaders().getContentType()).hasToString("application/problem+json");
			assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo(DATABASE_DOWN_RETRY_AFTER);
		}

	}

}
