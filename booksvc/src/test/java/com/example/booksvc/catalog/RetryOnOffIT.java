package com.example.booksvc.catalog;

import java.util.Map;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
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
 * What the retry buys: storagesvc fails one call in three (a 503 without Retry-After), far below
 * what opens the breaker. With retries every failed call is followed by one that answers, so every
 * answer is live: a cycle of three calls serves two requests, half as many calls again as requests.
 * Without them a third of the answers are the cache's, one call each.
 */
class RetryOnOffIT {

	/** A multiple of the cycle and of the two requests a cycle serves with retries, so that the counts are exact. */
	private static final int REQUESTS = 30;

	private static final int CYCLE = 3;

	@Nested
	@PolicyTest
	@Import(RedisContainerConfiguration.class)
	class On extends Fault {

		@Test
		void everyAnswerIsLiveForHalfAsManyCallsAgain() {
			assertThat(StoragesvcFaults.askForTheBooks(http, REQUESTS)).containsExactlyEntriesOf(Map.of("200 storagesvc", REQUESTS));
			assertThat(StoragesvcFaults.bookListCalls(storagesvc)).isEqualTo(REQUESTS * CYCLE / (CYCLE - 1));
			assertThat(breaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		}

	}

	@Nested
	@PolicyTest
	@Import(RedisContainerConfiguration.class)
	@ActiveProfiles("no-retry")
	class Off extends Fault {

		@Test
		void aThirdOfTheAnswersComeFromTheCacheOneCallEach() {
			assertThat(StoragesvcFaults.askForTheBooks(http, REQUESTS)).containsOnly(
					Map.entry("200 storagesvc", REQUESTS - REQUESTS / CYCLE),
					Map.entry("200 cache", REQUESTS / CYCLE));
			assertThat(StoragesvcFaults.bookListCalls(storagesvc)).isEqualTo(REQUESTS);
			assertThat(breaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		}

	}

	abstract static class Fault extends OnOffFixture {

		@BeforeEach
		void oneCallInThreeFails() {
			answeredOnceAndCached();
			StoragesvcFaults.cycle(storagesvc, CYCLE, n -> (n == 0) ? serviceUnavailable() : okJson(BOOKS_JSON));
		}

	}

}
