package com.example.booksvc.resilience;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.functions.Either;

import com.example.booksvc.storagesvc.StoragesvcFailureException;

/**
 * Whether and when storagesvc is tried again, once the retry settings say it may be: resilience4j
 * makes no retry when this answers {@value #NO_RETRY}.
 * <ul>
 * <li>After a call storagesvc refused before any work (its load shedding: {@code SHED}): a wait
 * drawn from 0 to {@code shedWait}, whatever its {@code Retry-After} says. Its permits free up one
 * by one within moments; sent again at once, the attempt met the same full storagesvc, and spread
 * over a short wait it finds the permit another call gave back. Outside the {@link RetryBudget}: it
 * cost storagesvc nothing, and charged to the budget it cost a shedding storagesvc's callers their
 * live answers; the attempts a call may make (3) and the bulkhead bound it. gRPC retries such a
 * call too, transparently (gRFC A6), and Finagle requeues it.
 * <li>Else after storagesvc's {@code Retry-After}, when it sent one: {@code 0} is "come back when you
 * like", a retry at once. Else after the configured backoff (full jitter, application.yml).
 * <li>Not at all if that wait is longer than {@code longestWait}: the caller would rather have the
 * cache's answer now, and the permit its lookup holds is better used by the next.
 * <li>Not at all once the budget is spent.
 * </ul>
 * Each retry not made is counted with its reason.
 */
record RetryPlan(IntervalBiFunction<Object> backoff, Duration longestWait, Duration shedWait, RetryBudget budget,
		Refusals refusals) implements IntervalBiFunction<Object> {

	static final long NO_RETRY = -1;

	/**
	 * Why a retry was not made, counted ({@code booksvc.retries.refused{reason}}): resilience4j's own
	 * retry metrics count such a call under no kind at all.
	 */
	interface Refusals {

		void refused(String reason);

	}

	@Override
	public Long apply(Integer attempt, Either<Throwable, Object> outcome) {
		if (shed(outcome)) {
			budget.resentUnprocessed();
			return ThreadLocalRandom.current().nextLong(shedWait.toMillis() + 1);
		}
		long wait = retryWait(outcome).map(Duration::toMillis).orElseGet(() -> backoff.apply(attempt, outcome));
		if (wait > longestWait.toMillis()) {
			refusals.refused("wait");
			return NO_RETRY;
		}
		if (!budget.tryRetry()) {
			refusals.refused("budget");
			return NO_RETRY;
		}
		return wait;
	}

	private static boolean shed(Either<Throwable, Object> outcome) {
		return failure(outcome).filter((failure) -> failure.reason() == StoragesvcFailureException.Reason.SHED).isPresent();
	}

	private static Optional<Duration> retryWait(Either<Throwable, Object> outcome) {
		return failure(outcome).flatMap(StoragesvcFailureException::retryWait);
	}

	private static Optional<StoragesvcFailureException> failure(Either<Throwable, Object> outcome) {
		return (outcome.isLeft() && outcome.getLeft() instanceof StoragesvcFailureException failure) ? Optional.of(failure)
				: Optional.empty();
	}

}
