package com.example.booksvc.storagesvc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.data.redis.RedisProperties;
import org.springframework.stereotype.Component;

/**
 * Holds one booksvc answer to its budget. The whole answer fits in {@code storagesvc.latency-budget}:
 * storagesvc gets the budget less one Redis command timeout, which is what the fallback's cache
 * read may take at most (one command: see LastGoodAnswers).
 */
@Component
public class LatencyBudget {

	private final Duration forStoragesvc;

	private final Clock clock;

	private final ScheduledExecutorService timers;

	public LatencyBudget(StoragesvcProperties storagesvc, RedisProperties redis, Clock clock,
			@Qualifier("deadlineTimers") ScheduledExecutorService timers) {
		this.forStoragesvc = storagesvc.latencyBudget().minus(redis.getTimeout());
		if (forStoragesvc.compareTo(Duration.ofMillis(100)) < 0) {
			throw new IllegalStateException("storagesvc.latency-budget (" + storagesvc.latencyBudget()
					+ ") must exceed spring.data.redis.timeout (" + redis.getTimeout() + ") by 100 ms at least");
		}
		this.clock = clock;
		this.timers = timers;
	}

	/**
	 * The call's answer, or, if storagesvc's share of the budget runs out first, the fallback's:
	 * whatever the policies are doing then (an attempt, a backoff, a Retry-After wait), the deadline
	 * gives up on it, so no answer takes longer than the budget.
	 */
	public <T> CompletableFuture<T> answer(Function<Deadline, CompletableFuture<T>> call,
			Function<Throwable, CompletableFuture<T>> fallback) {
		Deadline deadline = new Deadline(forStoragesvc, clock, timers);
		CompletableFuture<T> answer = call.apply(deadline);
		answer.whenComplete((value, failure) -> deadline.settled());
		CompletableFuture<T> late = deadline.expiry().thenCompose(fallback);
		// An attempt the deadline cut short fails the call with LatencyBudgetSpentException: the
		// fallback answers that too.
		return answer.exceptionallyCompose(failure -> spent(failure) ? late : CompletableFuture.failedFuture(failure))
			.applyToEither(late, Function.identity());
	}

	private static boolean spent(Throwable failure) {
		Throwable cause = (failure instanceof CompletionException) ? failure.getCause() : failure;
		return cause instanceof LatencyBudgetSpentException;
	}

	/**
	 * When one booksvc answer must stop waiting for storagesvc, so that the cache can still be read
	 * within the answer's latency budget. It travels with the call: every attempt knows how much is
	 * left (a {@code Retry-After} that does not fit is not waited for), attempts in flight when it
	 * expires are given up on, and none starts after. Its timer starts with the first attempt.
	 */
	public static final class Deadline {

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

}
