package com.example.storagesvc.shedding;

import java.net.URI;
import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The 503 for a book request that found every permit taken. */
class TooManyRequestsInFlight extends ErrorResponseException {

	/**
	 * The problem type of this 503 and of no other: the request was refused before any of it was
	 * done, so a caller may send it again at once, to a permit another request has just given back.
	 * booksvc retries it at once within its retry budget, whatever {@code Retry-After} says (which
	 * is for callers that cannot tell). A tag URI (RFC 4151): an identifier, with nothing to
	 * dereference; booksvc expects it verbatim.
	 */
	static final String TYPE = "tag:example.com,2026:storagesvc/too-many-requests-in-flight";

	TooManyRequestsInFlight(Duration retryAfter) {
		super(HttpStatus.SERVICE_UNAVAILABLE, problem(), null);
		getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfter.toSeconds()));
	}

	private static ProblemDetail problem() {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"storagesvc is serving as many book requests as it can; try again shortly");
		problem.setType(URI.create(TYPE));
		problem.setTitle("Too many requests in flight");
		return problem;
	}

}
