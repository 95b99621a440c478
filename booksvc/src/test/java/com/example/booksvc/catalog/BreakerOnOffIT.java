package com.example.booksvc.catalog;

import java.time.Duration;
import java.util.Map;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.RetryRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import com.example.booksvc.RedisContainerConfiguration;
import com.example.booksvc.RetryBackoff;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.test.context.ActiveProfiles;

import static com.example.booksvc.Fixtures.BOOKS_JSON;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the breaker buys: storagesvc fails every call (500). With the breaker it is asked until the
 * breaker has judged (its minimum-number-of-calls) and then not at all; without it, every request
 * asks it as often as the retry allows, and every answer waits for those attempts.
 */
class BreakerOnOffIT {

	private static final int REQUESTS = 20;

	@Nested
	@PolicyTest
	@Import(RedisContainerConfiguration.class)
	class On extends Outage {

		@Test
		void storagesvcIsAskedUntilTheBreakerOpensThenNotAtAll() {
			assertThat(StoragesvcFaults.askForTheBooks(http, REQUESTS)).containsExactlyEntriesOf(Map.of("200 cache", REQUESTS));
			assertThat(StoragesvcFaults.bookListCalls(storagesvc))
				.isEqualTo(breaker().getCircuitBreakerConfig().getMinimumNumberOfCalls());
			assertThat(breaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
		}

		/**
		 * One caller, each request sent when the last is answered, and a storagesvc that never
		 * answers: each request is one attempt the time limiter gives up on (not retried). The 2 s
		 * window holds 4 of them (minimum-number-of-calls), or 5 when the first has just left it
		 * (BreakerWindowTest): then it opens, and every later request is answered without a call.
		 */
		@Test
		void aCallerAloneOpensItAgainstAPeerThatNeverAnswers() {
			storagesvc.stubFor(get("/books").willReturn(okJson(BOOKS_JSON).withFixedDelay(5_000)));

			assertThat(StoragesvcFaults.askForTheBooks(http, 10)).containsExactlyEntriesOf(Map.of("200 cache", 10));

			int minimum = breaker().getCircuitBreakerConfig().getMinimumNumberOfCalls();
			assertThat(StoragesvcFaults.bookListCalls(storagesvc)).isBetween(minimum, minimum + 1);
			assertThat(breaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
		}

	}

	@Nested
	@PolicyTest
	@Import(RedisContainerConfiguration.class)
	@ActiveProfiles("no-breaker")
	class Off extends Outage {

		@Test
		void everyRequestAsksStoragesvcEveryAttemptAndWaitsForThem() {
			long start = System.nanoTime();
			assertThat(StoragesvcFaults.askForTheBooks(http, REQUESTS)).containsExactlyEntriesOf(Map.of("200 cache", REQUESTS));
			Duration took = Duration.ofNanos(System.nanoTime() - start);

			assertThat(StoragesvcFaults.bookListCalls(storagesvc)).isEqualTo(REQUESTS * attempts());
			assertThat(breaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
			// each answer waited at least its two backoffs, at their shortest (application.yml's)
			RetryBackoff backoff = RetryBackoff.of(environment);
			assertThat(took).isGreaterThanOrEqualTo(backoff.shortest(1).plus(backoff.shortest(2)).multipliedBy(REQUESTS));
		}

	}

	abstract static class Outage extends OnOffFixture {

		@Autowired
		RetryRegistry retries;

		@Autowired
		Environment environment;

		@BeforeEach
		void storagesvcFailsEveryCall() {
			answeredOnceAndCached();
			storagesvc.stubFor(get("/books").willReturn(serverError()));
		}

		int attempts() {
			return retries.retry(Catalog.STORAGESVC).getRetryConfig().getMaxAttempts();
		}

	}

}
