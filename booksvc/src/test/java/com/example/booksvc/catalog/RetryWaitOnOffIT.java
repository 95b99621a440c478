package com.example.booksvc.catalog;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import com.example.booksvc.RedisContainerConfiguration;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

import static com.example.booksvc.Fixtures.BOOKS_JSON;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.serviceUnavailable;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the longest retry wait buys: every other call is a 503 with {@code Retry-After: 1} that is
 * not storagesvc's load shedding (a proxy's, say; a shed call is retried at once:
 * CatalogResilienceIT). With the limit (250 ms) it is not retried and the cache answers at once, so
 * no request waits for the second it asked for, holding its lookup's permit; without it every
 * answer is live, but those after a second's wait.
 */
class RetryWaitOnOffIT {

	private static final int REQUESTS = 10;

	private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

	@Nested
	@PolicyTest
	@Import(RedisContainerConfiguration.class)
	class On extends Refusing {

		@Test
		void theRefusedCallsAreAnsweredFromTheCacheAtOnce() {
			long start = System.nanoTime();
			assertThat(StoragesvcFaults.askForTheBooks(http, REQUESTS))
				.containsExactlyInAnyOrderEntriesOf(Map.of("200 cache", REQUESTS / 2, "200 storagesvc", REQUESTS / 2));
			Duration took = Duration.ofNanos(System.nanoTime() - start);

			assertThat(StoragesvcFaults.bookListCalls(storagesvc)).isEqualTo(REQUESTS);
			// far from the five seconds the shed calls would have waited (see Off)
			assertThat(took).isLessThan(RETRY_AFTER.multipliedBy(REQUESTS / 2));
		}

	}

	@Nested
	@PolicyTest
	@Import(RedisContainerConfiguration.class)
	@ActiveProfiles("no-retry-wait-limit")
	class Off extends Refusing {

		@Test
		void everyAnswerIsLiveButTheRefusedOnesWaitedASecond() {
			long start = System.nanoTime();
			assertThat(StoragesvcFaults.askForTheBooks(http, REQUESTS)).containsExactlyEntriesOf(Map.of("200 storagesvc", REQUESTS));
			Duration took = Duration.ofNanos(System.nanoTime() - start);

			assertThat(StoragesvcFaults.bookListCalls(storagesvc)).isEqualTo(REQUESTS * 2);
			assertThat(took).isGreaterThanOrEqualTo(RETRY_AFTER.multipliedBy(REQUESTS));
		}

	}

	abstract static class Refusing extends OnOffFixture {

		@BeforeEach
		void everyOtherCallIsRefusedForASecond() {
			answeredOnceAndCached();
			StoragesvcFaults.cycle(storagesvc, 2, n -> (n == 0)
					? serviceUnavailable().withHeader("Retry-After", String.valueOf(RETRY_AFTER.toSeconds()))
					: okJson(BOOKS_JSON));
		}

	}

}
