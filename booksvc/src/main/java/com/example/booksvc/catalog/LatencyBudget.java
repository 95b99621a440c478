package com.example.booksvc.catalog;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.data.redis.RedisProperties;
import org.springframework.stereotype.Component;

/**
 * Starts the clock on one booksvc answer. The whole answer fits in {@code storagesvc.latency-budget}:
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

	Deadline start() {
		return new Deadline(forStoragesvc, clock, timers);
	}

	Duration forStoragesvc() {
		return forStoragesvc;
	}

}
