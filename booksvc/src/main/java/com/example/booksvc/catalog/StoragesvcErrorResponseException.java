package com.example.booksvc.catalog;

import java.time.Duration;
import java.util.Optional;

import org.springframework.http.HttpStatusCode;

/** storagesvc answered 5xx or 429: it may well answer the next call. */
class StoragesvcErrorResponseException extends StoragesvcFailureException {

	private final HttpStatusCode status;

	private final Duration retryAfter;

	StoragesvcErrorResponseException(HttpStatusCode status, Duration retryAfter) {
		super("storagesvc answered " + status.value() + (retryAfter != null ? " (Retry-After " + retryAfter.toSeconds() + " s)" : ""), null);
		this.status = status;
		this.retryAfter = retryAfter;
	}

	HttpStatusCode status() {
		return status;
	}

	@Override
	Optional<Duration> retryAfter() {
		return Optional.ofNullable(retryAfter);
	}

}
