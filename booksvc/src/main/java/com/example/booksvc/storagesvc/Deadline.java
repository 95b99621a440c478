package com.example.booksvc.storagesvc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * When one booksvc answer must stop waiting for storagesvc, so that the cache can still be read
 * within the answer's latency budget. It travels with the call: every attempt knows how much is
 * left (a {@code Retry-After} that does not fit is not waited for), attempts in flight when it
 * expires are given up on, and none starts after. Its timer starts with the first attempt.
 */
public final class Deadline {

	private final Instant storagesvcBy;

	private final Clock clock;

	private final Duration forStoragesvc;

	private final ScheduledExecutorService timers;

	private final CompletableFuture<LatencyBudgetSpentException> expiry = new CompletableFuture<>();

	/** Set by the first attempt: an answer that makes no call (the breaker is open) needs no timer. */
	private final AtomicReference<ScheduledFuture<?>> timer = new AtomicReference<>();

	Deadline(Duration forStoragesvc, Clock clock, ScheduledExecutorService timers) {
		this.storagesvcBy = clock.instant().plus(forStoragesvc);
		this.forStoragesvc = forStoragesvc;
		this.clock = clock;
		this.timers = timers;
	}

	/** What is left for storagesvc. */
	public Duration remaining() {
		Duration remaining = Duration.between(clock.instant(), storagesvcBy);
		return remaining.isNegative() ? Duration.ZERO : remaining;
	}

	public boolean isExpired() {
		return expiry.isDone();
	}

	/** Completes when storagesvc's share of the budget is spent, unless the answer came first. */
	public CompletableFuture<LatencyBudgetSpentException> expiry() {
		return expiry;
	}

	/** The attempt fails with {@link LatencyBudgetSpentException} if it is still running at expiry. */
	public void bind(CompletableFuture<?> attempt) {
		if (timer.get() == null) {
			ScheduledFuture<?> started = timers.schedule(() -> expiry.complete(new LatencyBudgetSpentException(forStoragesvc)),
					remaining().toNanos(), TimeUnit.NANOSECONDS);
			if (!timer.compareAndSet(null, started)) {
				started.cancel(false);
			}
		}
		expiry.thenAccept(attempt::completeExceptionally);
	}

	/** The answer is there: no expiry needed. */
	public void settled() {
		ScheduledFuture<?> started = timer.get();
		if (started != null) {
			started.cancel(false);
		}
	}

}
