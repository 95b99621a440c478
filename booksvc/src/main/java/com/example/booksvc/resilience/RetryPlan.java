package com.example.booksvc.resilience;

import java.time.Duration;
import java.util.Optional;

import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.functions.Either;

import com.example.booksvc.storagesvc.StoragesvcFailureException;

/**
 * Whether and when storagesvc is tried again, once the retry settings say it may be: resilience4j
 * makes no retry when this answers {@value #NO_RETRY}.
 * <ul>
 * <li>At once after a call storagesvc refused before any work (its load shedding: {@code SHED}), a
 * permit given back by then. Else after storagesvc's {@code Retry-After}, when it sent one:
 * {@code 0} is "come back when you like", a retry at once. Else after the configured backoff (full
 * jitter, application.yml).
 * <li>Not at all if that wait is longer than {@code longestWait}: the caller would rather have the
 * cache's answer now, and the permit its lookup holds is better used by the next (a storagesvc
 * shedding says {@code Retry-After: 1}).
 * <li>Not at all once the {@link RetryBudget} is spent; but a call's first attempt that storagesvc
 * shed is sent once more whatever the budget, as gRPC retries once, transparently, a call the server
 * refused before its application saw it (gRFC A6): it cost storagesvc nothing, and charged to the
 * budget, it cost a shedding storagesvc's callers their live answers.
 * </ul>
 * Each retry not made is counted with its reason.
 */
record RetryPlan(IntervalBiFunction<Object> backoff, Duration longestWait, RetryBudget budget, Refusals refusals)
		implements IntervalBiFunction<Object> {

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
		long wait = retryWait(outcome).map(Duration::toMillis).orElseGet(() -> backoff.apply(attempt, outcome));
		if (wait > longestWait.toMillis()) {
			refusals.refused("wait");
			return NO_RETRY;
		}
		if (attempt == 1 && shed(outcome)) {
			budget.resentUnprocessed();
			return wait;
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
