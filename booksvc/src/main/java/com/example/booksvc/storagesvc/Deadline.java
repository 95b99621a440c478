package com.example.booksvc.storagesvc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * When one booksvc answer must stop waiting for storagesvc, so that the cache can still be read
 * within the answer's latency budget. Every attempt honours it ({@link Storagesvc#attempt}): one
 * that would start after it does not, a {@code Retry-After} that does not fit what is left is not
 * waited for, and the attempt in flight when it expires is given up on. Its timer starts with the
 * first attempt.
 * <p>
 * It is the answer's context, not an argument: the annotated methods take only the request's own
 * arguments. It travels with the call on the threads the call runs on: the caller's for the first
 * attempt ({@link #during}), the attempt's own, and resilience4j's scheduler for the retries and the
 * time limit ({@link DeadlinePropagator}, resilience/ResilienceConfiguration).
 */
public final class Deadline {

	private static final ThreadLocal<Deadline> CURRENT = new ThreadLocal<>();

	private final Instant storagesvcBy;

	private final Clock clock;

	private final Duration forStoragesvc;

	private final ScheduledExecutorService timers;

	private final CompletableFuture<LatencyBudgetSpentException> expiry = new CompletableFuture<>();

	/** Set by the first attempt: an answer that makes no call (the breaker is open) needs no timer. */
	private final AtomicReference<ScheduledFuture<?>> timer = new AtomicReference<>();

	public Deadline(Duration forStoragesvc, Clock clock, ScheduledExecutorService timers) {
		this.storagesvcBy = clock.instant().plus(forStoragesvc);
		this.forStoragesvc = forStoragesvc;
		this.clock = clock;
		this.timers = timers;
	}

	/** The deadline of the answer this thread is working on, if any. */
	public static Optional<Deadline> current() {
		return Optional.ofNullable(CURRENT.get());
	}

	/** Runs {@code work} on this thread as part of this deadline's answer. */
	public <T> T during(Supplier<T> work) {
		Deadline outer = CURRENT.get();
		CURRENT.set(this);
		try {
			return work.get();
		}
		finally {
			restore(outer);
		}
	}

	static void restore(Deadline deadline) {
		if (deadline == null) {
			CURRENT.remove();
		}
		else {
			CURRENT.set(deadline);
		}
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
			ScheduledFuture<?> started = timers.schedule(this::expire, remaining().toNanos(), TimeUnit.NANOSECONDS);
			if (!timer.compareAndSet(null, started)) {
				started.cancel(false);
			}
		}
		expiry.thenAccept(attempt::completeExceptionally);
	}

	/** On the timer's thread, as part of the answer: what the expiry completes runs under it. */
	private void expire() {
		during(() -> expiry.complete(new LatencyBudgetSpentException(forStoragesvc)));
	}

	/** The answer is there: no expiry needed. */
	public void settled() {
		ScheduledFuture<?> started = timer.get();
		if (started != null) {
			started.cancel(false);
		}
	}

}
