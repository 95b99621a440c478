package com.example.booksvc.edge;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import java.util.function.Supplier;

import com.example.booksvc.storagesvc.Deadline;
import com.example.booksvc.storagesvc.LatencyBudgetSpentException;
import com.example.booksvc.storagesvc.StoragesvcProperties;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.data.redis.RedisProperties;
import org.springframework.stereotype.Component;

/**
 * Holds one booksvc answer to its budget. The whole answer fits in {@code storagesvc.latency-budget}:
 * storagesvc gets the budget less one Redis command timeout, which is what the fallback's cache
 * read may take at most (one command: see LastGoodAnswers).
 */
@Component
class LatencyBudget {

	private final Duration forStoragesvc;

	private final Clock clock;

	private final ScheduledExecutorService timers;

	LatencyBudget(StoragesvcProperties storagesvc, RedisProperties redis, Clock clock,
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
	 * gives up on it, so no answer takes longer than the budget. The call runs under the answer's
	 * {@link Deadline}, which every attempt it makes honours.
	 */
	<T> CompletableFuture<T> answer(Supplier<CompletableFuture<T>> call, Function<Throwable, CompletableFuture<T>> fallback) {
		Deadline deadline = new Deadline(forStoragesvc, clock, timers);
		CompletableFuture<T> answer = deadline.during(call);
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

}
