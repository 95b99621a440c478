package com.example.booksvc.config;

import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A 503 problem with {@code Retry-After}, in whole seconds and at least 1: when to come back. */
public abstract class ServiceUnavailableException extends ErrorResponseException {

	protected ServiceUnavailableException(String title, String detail, Duration retryAfter, Throwable cause) {
		super(HttpStatus.SERVICE_UNAVAILABLE, problem(title, detail), cause);
		getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, retryAfter.toSeconds())));
	}

	/**
	 * The same answer as a new object, for another caller: Spring MVC writes the caller's own path
	 * into the problem it renders ({@code instance}), so the copy takes everything else.
	 */
	protected ServiceUnavailableException(ServiceUnavailableException original) {
		super(HttpStatus.SERVICE_UNAVAILABLE, problem(original.getBody().getTitle(), original.getBody().getDetail()),
				original.getCause());
		getHeaders().putAll(original.getHeaders());
	}

	private static ProblemDetail problem(String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail);
		problem.setTitle(title);
		return problem;
	}

}
