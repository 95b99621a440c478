package com.example.booksvc.resilience;

import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.functions.Either;

import com.example.booksvc.storagesvc.StoragesvcFailureException;

/**
 * The configured backoff, but never shorter than a {@code Retry-After} storagesvc sent: a peer
 * that says when to come back is not asked sooner.
 */
record RetryAfterBackoff(IntervalBiFunction<Object> backoff) implements IntervalBiFunction<Object> {

	@Override
	public Long apply(Integer attempt, Either<Throwable, Object> outcome) {
		long interval = backoff.apply(attempt, outcome);
		if (outcome.isLeft() && outcome.getLeft() instanceof StoragesvcFailureException failure) {
			return failure.retryAfter().map(retryAfter -> Math.max(interval, retryAfter.toMillis())).orElse(interval);
		}
		return interval;
	}

}
