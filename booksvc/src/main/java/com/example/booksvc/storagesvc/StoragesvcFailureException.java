package com.example.booksvc.storagesvc;

import java.time.Duration;
import java.util.Optional;

/**
 * storagesvc could not give a good answer. The circuit breaker records these as failures and the
 * catalog answers from the last-good cache; which of them are retried is listed in application.yml.
 */
public abstract class StoragesvcFailureException extends RuntimeException {

	StoragesvcFailureException(String message, Throwable cause) {
		super(message, cause);
	}

	/** How long storagesvc asked callers to wait, if it said. */
	public Optional<Duration> retryAfter() {
		return Optional.empty();
	}

}
