package com.example.booksvc.storagesvc;

import java.time.Duration;

/**
 * The answer's deadline for storagesvc passed: booksvc's own limit, not storagesvc failing. Never
 * retried, not held against storagesvc by the breaker (see application.yml), and no fallback of its
 * own: the answer was already given from the cache when it expired.
 */
public class LatencyBudgetSpentException extends RuntimeException {

	public LatencyBudgetSpentException(Duration forStoragesvc) {
		super("no answer from storagesvc within the " + forStoragesvc.toMillis() + " ms of the latency budget left for it", null,
				false, false);
	}

}
