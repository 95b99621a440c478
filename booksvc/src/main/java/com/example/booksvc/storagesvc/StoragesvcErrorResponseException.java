package com.example.booksvc.storagesvc;

import java.time.Duration;
import java.util.Optional;

import org.springframework.http.HttpStatusCode;

/** storagesvc answered 5xx or 429: it may well answer the next call. */
public class StoragesvcErrorResponseException extends StoragesvcFailureException {

	private final HttpStatusCode status;

	private final Duration retryAfter;

	public StoragesvcErrorResponseException(HttpStatusCode status, Duration retryAfter) {
		super("storagesvc answered " + status.value() + (retryAfter != null ? " (Retry-After " + retryAfter.toSeconds() + " s)" : ""), null);
		this.status = status;
		this.retryAfter = retryAfter;
	}

	HttpStatusCode status() {
		return status;
	}

	@Override
	public Optional<Duration> retryAfter() {
		return Optional.ofNullable(retryAfter);
	}

}
