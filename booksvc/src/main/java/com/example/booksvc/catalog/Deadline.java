package com.example.booksvc.catalog;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * When one booksvc answer must stop waiting for storagesvc, so that the cache can still be read
 * within the answer's latency budget. It travels with the call: every attempt knows how much is
 * left (a {@code Retry-After} that does not fit is not waited for), attempts in flight when it
 * expires are given up on, and none starts after.
 */
final class Deadline {

	private final Instant storagesvcBy;

	private final Clock clock;

	private final CompletableFuture<LatencyBudgetSpentException> expiry = new CompletableFuture<>();

	private final ScheduledFuture<?> timer;

	Deadline(Duration forStoragesvc, Clock clock, ScheduledExecutorService timers) {
		this.storagesvcBy = clock.instant().plus(forStoragesvc);
		this.clock = clock;
		this.timer = timers.schedule(() -> expiry.complete(new LatencyBudgetSpentException(forStoragesvc)),
				forStoragesvc.toNanos(), TimeUnit.NANOSECONDS);
	}

	/** What is left for storagesvc. */
	Duration remaining() {
		Duration remaining = Duration.between(clock.instant(), storagesvcBy);
		return remaining.isNegative() ? Duration.ZERO : remaining;
	}

	boolean isExpired() {
		return expiry.isDone();
	}

	/** Completes when storagesvc's share of the budget is spent, unless the answer came first. */
	CompletableFuture<LatencyBudgetSpentException> expiry() {
		return expiry;
	}

	/** The attempt fails with {@link LatencyBudgetSpentException} if it is still running at expiry. */
	void bind(CompletableFuture<?> attempt) {
		expiry.thenAccept(attempt::completeExceptionally);
	}

	/** The answer is there: no expiry needed. */
	void settled() {
		timer.cancel(false);
	}

}
