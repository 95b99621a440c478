package com.example.booksvc.catalog;

import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import com.example.booksvc.RedisContainerConfiguration;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.serviceUnavailable;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the retry budget buys: storagesvc fails every call at once (503, {@code Retry-After: 0}),
 * and no breaker stops the calls, as in a flood that keeps it below its threshold. With the budget
 * (a reserve of 10 retries here, 1 a second over its 10 s, and a fifth of the calls) the retries
 * add 16 calls to 30 requests' 30; without it every request makes three attempts, tripling the
 * load on a storagesvc that is failing. The answers are the cache's either way.
 */
class RetryBudgetOnOffIT {

	private static final int REQUESTS = 30;

	@Nested
	@PolicyTest
	@Import(RedisContainerConfiguration.class)
	@ActiveProfiles("no-breaker")
	@TestPropertySource(properties = "booksvc.retries.budget.min-per-second=1")
	class On extends Failing {

		@Test
		void retriesTenOfReserveAndAFifthOfTheCalls() {
			assertThat(StoragesvcFaults.askForTheBooks(http, REQUESTS)).containsExactlyEntriesOf(Map.of("200 cache", REQUESTS));
			// 10 of reserve, and a fifth of the 31 calls (the one that cached the answer too): 16
			assertThat(StoragesvcFaults.bookListCalls(storagesvc)).isEqualTo(REQUESTS + 16);
			// the first 5 calls made their three attempts from the reserve; each later one was refused a retry
			assertThat(meters.counter("booksvc.retries.refused", "reason", "budget").count()).isEqualTo(REQUESTS - 5);
		}

	}

	@Nested
	@PolicyTest
	@Import(RedisContainerConfiguration.class)
	@ActiveProfiles({ "no-breaker", "no-retry-budget" })
	class Off extends Failing {

		@Test
		void everyRequestMakesThreeAttempts() {
			assertThat(StoragesvcFaults.askForTheBooks(http, REQUESTS)).containsExactlyEntriesOf(Map.of("200 cache", REQUESTS));
			assertThat(StoragesvcFaults.bookListCalls(storagesvc)).isEqualTo(REQUESTS * 3);
			assertThat(meters.counter("booksvc.retries.refused", "reason", "budget").count()).isZero();
		}

	}

	abstract static class Failing extends OnOffFixture {

		@Autowired
		MeterRegistry meters;

		@BeforeEach
		void storagesvcFailsEveryCallAtOnce() {
			answeredOnceAndCached();
			storagesvc.stubFor(get("/books").willReturn(serviceUnavailable().withHeader("Retry-After", "0")));
		}

	}

}
