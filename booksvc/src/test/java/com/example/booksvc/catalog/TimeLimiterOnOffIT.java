package com.example.booksvc.catalog;

import java.time.Duration;

import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import com.example.booksvc.RedisContainerConfiguration;
import com.example.booksvc.storagesvc.StoragesvcProperties;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.data.redis.RedisProperties;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;

import static com.example.booksvc.Fixtures.BOOKS_JSON;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the time limiter buys, and what it does not. A slow tail (one call in three hangs 3 s, the
 * others answer at once): with the limiter the hung attempt is given up on after its time limit and
 * the cache answers (a timed-out attempt is not retried); without it the answer waits until the
 * latency budget runs out and comes from the cache. A peer slow on every call (1 s): with the
 * limiter the cache answers after one time limit; without it, live after 1 s (docs/policies.md).
 */
class TimeLimiterOnOffIT {

	/** What a loaded CI machine may add to a bound derived from the settings. */
	private static final Duration MARGIN = Duration.ofMillis(400);

	private static final Duration HANG = Duration.ofSeconds(3);

	private static final Duration SLOW = Duration.ofSeconds(1);

	@Nested
	@PolicyTest
	@Import(RedisContainerConfiguration.class)
	class On extends SlowPeer {

		@Test
		void aHungCallIsGivenUpOnAfterItsTimeLimitAndTheCacheAnswers() {
			slowTail();

			Timed answer = Timed.get(http);

			assertThat(StoragesvcFaults.kind(answer.response())).isEqualTo("200 cache");
			assertThat(answer.took()).isGreaterThanOrEqualTo(timeLimit()).isLessThan(timeLimit().plus(MARGIN));
			assertThat(StoragesvcFaults.bookListCalls(storagesvc)).isEqualTo(1);
		}

		@Test
		void aUniformlySlowPeerIsAnsweredFromTheCacheAfterOneTimeLimit() {
			storagesvc.stubFor(get("/books").willReturn(okJson(BOOKS_JSON).withFixedDelay((int) SLOW.toMillis())));

			Timed answer = Timed.get(http);

			assertThat(StoragesvcFaults.kind(answer.response())).isEqualTo("200 cache");
			assertThat(answer.took()).isGreaterThanOrEqualTo(timeLimit()).isLessThan(timeLimit().plus(MARGIN));
			assertThat(StoragesvcFaults.bookListCalls(storagesvc)).isEqualTo(1);
		}

	}

	@Nested
	@PolicyTest
	@Import(RedisContainerConfiguration.class)
	@ActiveProfiles("no-time-limiter")
	class Off extends SlowPeer {

		@Test
		void aHungCallHoldsTheAnswerUntilTheBudgetRunsOut() {
			slowTail();

			Timed answer = Timed.get(http);

			assertThat(StoragesvcFaults.kind(answer.response())).isEqualTo("200 cache");
			assertThat(answer.took()).isGreaterThanOrEqualTo(storagesvcBudget()).isLessThan(storagesvcBudget().plus(MARGIN));
			assertThat(StoragesvcFaults.bookListCalls(storagesvc)).isEqualTo(1);
		}

		@Test
		void aUniformlySlowPeerIsAnsweredLiveWhenItAnswers() {
			storagesvc.stubFor(get("/books").willReturn(okJson(BOOKS_JSON).withFixedDelay((int) SLOW.toMillis())));

			Timed answer = Timed.get(http);

			assertThat(StoragesvcFaults.kind(answer.response())).isEqualTo("200 storagesvc");
			assertThat(answer.took()).isGreaterThanOrEqualTo(SLOW).isLessThan(SLOW.plus(MARGIN));
			assertThat(StoragesvcFaults.bookListCalls(storagesvc)).isEqualTo(1);
		}

	}

	abstract static class SlowPeer extends OnOffFixture {

		@Autowired
		TimeLimiterRegistry timeLimiters;

		@Autowired
		StoragesvcProperties settings;

		@Autowired
		RedisProperties redisSettings;

		@BeforeEach
		void cachedAndClosed() {
			answeredOnceAndCached();
		}

		/** The first call hangs, the next ones answer at once. */
		void slowTail() {
			StoragesvcFaults.cycle(storagesvc, 3,
					n -> okJson(BOOKS_JSON).withFixedDelay(n == 0 ? (int) HANG.toMillis() : 0));
		}

		Duration timeLimit() {
			return timeLimiters.timeLimiter(Catalog.STORAGESVC).getTimeLimiterConfig().getTimeoutDuration();
		}

		/** What the latency budget leaves storagesvc: the budget less one Redis read for the fallback. */
		Duration storagesvcBudget() {
			return settings.latencyBudget().minus(redisSettings.getTimeout());
		}

	}

	record Timed(ResponseEntity<String> response, Duration took) {

		static Timed get(TestRestTemplate http) {
			long start = System.nanoTime();
			ResponseEntity<String> response = http.getForEntity("/books", String.class);
			return new Timed(response, Duration.ofNanos(System.nanoTime() - start));
		}

	}

}
