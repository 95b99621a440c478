package com.example.booksvc.resilience;

import java.time.Clock;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import org.springframework.stereotype.Component;

/**
 * Retries at most {@code ratio} of the calls of the last {@code window}, plus {@code minPerSecond}
 * for each of its seconds: retries then add a fifth to storagesvc's load at most, however many
 * calls fail, where three attempts each would triple it just as storagesvc is struggling (a flood
 * of callers, a storagesvc failing). The reserve keeps retries for a quiet booksvc, whose few calls
 * would earn it none. An attempt storagesvc shed is resent outside it ({@link RetryPlan}).
 * <p>
 * resilience4j has no such budget (resilience4j#172); this is Finagle's {@code RetryBudget}, as
 * Envoy's retry budget and gRPC's retry throttling do it, kept in one-second buckets. A call is an
 * attempt that was not a retry: every attempt the breaker let through (its outcome events) less
 * the retries this allowed.
 */
@Component
class RetryBudget {

	private final Clock clock;

	private final double ratio;

	private final int reserve;

	private final long[] second;

	private final long[] attempts;

	private final long[] retries;

	private final long[] resent;

	RetryBudget(RetryProperties properties, CircuitBreakerRegistry breakers, Clock clock) {
		RetryProperties.Budget budget = properties.budget();
		int seconds = (int) Math.max(1, budget.window().toSeconds());
		this.clock = clock;
		this.ratio = budget.ratio();
		this.reserve = budget.minPerSecond() * seconds;
		this.second = new long[seconds];
		this.attempts = new long[seconds];
		this.retries = new long[seconds];
		this.resent = new long[seconds];
		CircuitBreaker.EventPublisher events = breakers.circuitBreaker(StoragesvcBreaker.POLICIES).getEventPublisher();
		events.onSuccess(event -> attempted());
		events.onError(event -> attempted());
		events.onIgnoredError(event -> attempted());
	}

	synchronized void attempted() {
		attempts[bucket()]++;
	}

	/**
	 * An attempt storagesvc refused before any work, sent again outside the budget: it cost
	 * storagesvc nothing. Not a call of its own either, so it earns the budget nothing.
	 */
	synchronized void resentUnprocessed() {
		resent[bucket()]++;
	}

	/** Takes one retry from the budget if there is one left. */
	synchronized boolean tryRetry() {
		int current = bucket();
		long oldest = second[current] - second.length;
		long attemptsInWindow = 0;
		long retriesInWindow = 0;
		for (int i = 0; i < second.length; i++) {
			if (second[i] > oldest) {
				attemptsInWindow += attempts[i] - resent[i];
				retriesInWindow += retries[i];
			}
		}
		long calls = Math.max(0, attemptsInWindow - retriesInWindow);
		if (retriesInWindow + 1 > reserve + ratio * calls) {
			return false;
		}
		retries[current]++;
		return true;
	}

	/** This second's bucket, emptied first if it last counted an older second. */
	private int bucket() {
		long now = Math.floorDiv(clock.millis(), 1000);
		int index = (int) Math.floorMod(now, (long) second.length);
		if (second[index] != now) {
			second[index] = now;
			attempts[index] = 0;
			retries[index] = 0;
			resent[index] = 0;
		}
		return index;
	}

}
