package com.example.booksvc.resilience;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.core.functions.Either;
import org.junit.jupiter.api.Test;

import com.example.booksvc.SettableClock;
import com.example.booksvc.storagesvc.StoragesvcFailureException;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plan around resilience4j's own exponential backoff (unspread here, so that each wait is
 * exact; the configured, spread one as booksvc runs it: {@link RetryBackoffIT}), and its budget.
 */
class RetryPlanTest {

	private static final Duration LONGEST_WAIT = Duration.ofMillis(250);

	private static final Duration SHED_WAIT = Duration.ofMillis(30);

	private final SettableClock clock = new SettableClock();

	private final CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();

	private final List<String> refused = new ArrayList<>();

	private final RetryBudget budget = new RetryBudget(
			new RetryProperties(LONGEST_WAIT, new RetryProperties.Budget(0.2, 1, Duration.ofSeconds(10)), SHED_WAIT), breakers,
			clock);

	private final RetryPlan plan = new RetryPlan(
			IntervalBiFunction.ofIntervalFunction(IntervalFunction.ofExponentialBackoff(50, 2)), LONGEST_WAIT, SHED_WAIT,
			budget, refused::add);

	@Test
	void retriesAtOnceWhenStoragesvcSaysZero() {
		assertThat(plan.apply(1, failure(Duration.ZERO))).isZero();
		assertThat(plan.apply(2, failure(Duration.ZERO))).isZero();
	}

	/** Spread over the shed wait (0-30 ms), its Retry-After (1 s, beyond the longest wait) ignored. */
	@Test
	void resendsAShedCallAfterAShortSpreadWaitWhateverItsRetryAfter() {
		Set<Long> waits = new HashSet<>();
		for (int call = 0; call < 1000; call++) {
			waits.add(plan.apply(1 + call % 2, shed()));
		}
		assertThat(waits).allSatisfy(wait -> assertThat(wait).isBetween(0L, SHED_WAIT.toMillis()));
		// drawn, not fixed: 1,000 draws of 31 values leave none out but by a chance of ~31 × (30/31)^1000
		assertThat(waits).hasSize(31);
		assertThat(refused).isEmpty();
	}

	@Test
	void waitsAsLongAsStoragesvcAskedWithinTheLongestWait() {
		assertThat(plan.apply(1, failure(Duration.ofMillis(200)))).isEqualTo(200L);
		assertThat(plan.apply(1, failure(LONGEST_WAIT))).isEqualTo(250L);
	}

	@Test
	void makesNoRetryThatWouldWaitLongerAndSpendsNothingOnIt() {
		for (int call = 0; call < 10; call++) {
			assertThat(plan.apply(1, failure(Duration.ofSeconds(1)))).isEqualTo(RetryPlan.NO_RETRY);
		}
		assertThat(refused).containsOnly("wait").hasSize(10);
		// the budget's whole reserve (10) is still there
		attempts(1);
		for (int retry = 0; retry < 10; retry++) {
			assertThat(plan.apply(1, failure(Duration.ZERO))).as("retry %d", retry).isZero();
			attempts(1);
		}
	}

	@Test
	void usesTheBackoffWithoutRetryAfter() {
		assertThat(plan.apply(1, failure(null))).isEqualTo(50L);
		assertThat(plan.apply(2, failure(null))).isEqualTo(100L);
		assertThat(plan.apply(1, Either.left(new TimeoutException()))).isEqualTo(50L);
	}

	/** 10 retries of reserve (1 a second over 10 s), then a fifth of the calls: 100 calls failing once, 30 retries. */
	@Test
	void retriesAFifthOfTheCallsBeyondTheReserve() {
		int retries = 0;
		for (int call = 0; call < 100; call++) {
			attempts(1);
			if (plan.apply(1, failure(Duration.ZERO)) == 0) {
				retries++;
				attempts(1);
			}
		}
		assertThat(retries).isEqualTo(30);
		assertThat(refused).containsOnly("budget").hasSize(70);
	}

	/**
	 * Every attempt storagesvc shed is sent again whatever the budget, and earns it nothing: the
	 * attempts a call may make bound it, not the budget.
	 */
	@Test
	void resendsEveryShedAttemptOutsideTheBudget() {
		attempts(1);
		for (int retry = 0; retry < 10; retry++) {
			assertThat(plan.apply(1, failure(Duration.ZERO))).as("retry %d", retry).isZero();
			attempts(1);
		}
		assertThat(plan.apply(1, failure(Duration.ZERO))).isEqualTo(RetryPlan.NO_RETRY);

		for (int call = 0; call < 100; call++) {
			attempts(1);
			assertThat(plan.apply(1, shed())).as("call %d, first resend", call).isNotEqualTo(RetryPlan.NO_RETRY);
			attempts(1);
			assertThat(plan.apply(2, shed())).as("call %d, second resend", call).isNotEqualTo(RetryPlan.NO_RETRY);
			attempts(1);
		}
		// 101 calls earn a fifth of them, 20 retries beyond the reserve spent: the 200 attempts resent
		// are not calls (they would make it 60)
		for (int retry = 0; retry < 20; retry++) {
			assertThat(plan.apply(2, failure(Duration.ZERO))).as("retry %d", retry).isZero();
			attempts(1);
		}
		assertThat(plan.apply(2, failure(Duration.ZERO))).isEqualTo(RetryPlan.NO_RETRY);
		assertThat(refused).containsOnly("budget").hasSize(2);
	}

	/** The reserve spent over the seconds of the window is back only as each second leaves it. */
	@Test
	void forgetsWhatIsOlderThanTheWindow() {
		attempts(1);
		for (int second = 0; second < 5; second++) {
			assertThat(plan.apply(1, failure(Duration.ZERO))).isZero();
			assertThat(plan.apply(1, failure(Duration.ZERO))).isZero();
			attempts(2);
			clock.advance(Duration.ofSeconds(1));
		}
		// 10 retries over seconds 0 to 4: none left at second 9, the last second they count in
		clock.advance(Duration.ofSeconds(4));
		assertThat(plan.apply(1, failure(Duration.ZERO))).isEqualTo(RetryPlan.NO_RETRY);
		// at second 11 those of seconds 0 and 1 have left the window: 4 retries back
		clock.advance(Duration.ofSeconds(2));
		for (int retry = 0; retry < 4; retry++) {
			assertThat(plan.apply(1, failure(Duration.ZERO))).as("retry %d", retry).isZero();
		}
		assertThat(plan.apply(1, failure(Duration.ZERO))).isEqualTo(RetryPlan.NO_RETRY);
	}

	private static Either<Throwable, Object> shed() {
		return Either.left(StoragesvcFailureException.shed(HttpStatus.SERVICE_UNAVAILABLE, Duration.ofSeconds(1)));
	}

	/** Attempts as the breaker reports them: each one it let through, whatever its outcome. */
	private void attempts(int count) {
		CircuitBreaker breaker = breakers.circuitBreaker(StoragesvcBreaker.POLICIES);
		for (int attempt = 0; attempt < count; attempt++) {
			breaker.acquirePermission();
			breaker.onSuccess(1, TimeUnit.MILLISECONDS);
		}
	}

	private static Either<Throwable, Object> failure(Duration retryAfter) {
		return Either.left(StoragesvcFailureException.errorStatus(HttpStatus.SERVICE_UNAVAILABLE, retryAfter));
	}

}
