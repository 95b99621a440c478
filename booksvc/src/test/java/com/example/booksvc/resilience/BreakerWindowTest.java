package com.example.booksvc.resilience;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.common.CompositeCustomizer;
import io.github.resilience4j.springboot3.circuitbreaker.autoconfigure.CircuitBreakerProperties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.example.booksvc.SettableClock;
import com.example.booksvc.storagesvc.StoragesvcFailureException;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The storagesvc breaker as application.yml configures it, fed the attempts two faults make, on a
 * clock the test moves: the window's arithmetic, over seconds of traffic, without waiting for them.
 * The attempts are what the policies make of each fault (resilience/RetryPlan): a 503 with
 * {@code Retry-After: 0} retried at once, up to 3 attempts; a timed-out attempt not retried.
 */
class BreakerWindowTest {

	private static final StoragesvcFailureException FAILED = StoragesvcFailureException
		.errorStatus(HttpStatus.SERVICE_UNAVAILABLE, Duration.ZERO);

	private final SettableClock clock = new SettableClock();

	/**
	 * 30 % of attempts failing at random, 10 calls a second for 30 s, from a breaker just created
	 * (the fault starting on a quiet booksvc): 97 % of calls end live, and the breaker never opens.
	 * At 50 % and 5 calls, as it shipped before, it opened in every one of these seeds.
	 */
	@ParameterizedTest
	@ValueSource(longs = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 })
	void failuresTheRetriesAbsorbNeverOpenIt(long seed) throws IOException {
		CircuitBreaker breaker = configured();
		Random outcomes = new Random(seed);
		int live = 0;
		for (int call = 0; call < 300; call++) {
			boolean answered = false;
			for (int attempt = 0; attempt < 3 && !answered; attempt++) {
				assertThat(breaker.tryAcquirePermission()).as("call %d, attempt %d", call, attempt).isTrue();
				answered = outcomes.nextDouble() >= 0.3;
				if (answered) {
					breaker.onSuccess(5, TimeUnit.MILLISECONDS);
				}
				else {
					breaker.onError(5, TimeUnit.MILLISECONDS, FAILED);
				}
				clock.advance(Duration.ofMillis(5));
			}
			live += answered ? 1 : 0;
			clock.advance(Duration.ofMillis(100));
		}
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(live).isGreaterThanOrEqualTo(285);
	}

	/**
	 * One caller, each request sent when the last is answered, storagesvc never answering: each
	 * request one attempt cut at the time limit (400 ms, and 10 ms for the cache's answer). Wherever
	 * in a second the first request falls, the breaker is open before the 6th request.
	 */
	@ParameterizedTest
	@ValueSource(ints = { 0, 100, 200, 300, 400, 500, 600, 700, 800, 900 })
	void aPeerThatNeverAnswersOpensItForACallerAlone(int startMillis) throws IOException {
		CircuitBreaker breaker = configured();
		clock.advance(Duration.ofMillis(startMillis));
		int requests = 0;
		while (breaker.tryAcquirePermission()) {
			requests++;
			clock.advance(Duration.ofMillis(400));
			breaker.onError(400, TimeUnit.MILLISECONDS, new TimeoutException("TimeLimiter 'storagesvc'"));
			clock.advance(Duration.ofMillis(10));
		}
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
		assertThat(requests).isBetween(4, 5);
	}

	/** The breaker application.yml configures for storagesvc, on the test's clock. */
	private CircuitBreaker configured() throws IOException {
		var yaml = new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"));
		CircuitBreakerProperties properties = new Binder(ConfigurationPropertySources.from(yaml))
			.bind("resilience4j.circuitbreaker", CircuitBreakerProperties.class)
			.get();
		CircuitBreakerConfig config = properties.createCircuitBreakerConfig(StoragesvcBreaker.POLICIES,
				properties.getInstances().get(StoragesvcBreaker.POLICIES), new CompositeCustomizer<>(List.of()));
		return CircuitBreaker.of(StoragesvcBreaker.POLICIES, CircuitBreakerConfig.from(config).clock(clock).build());
	}

}
