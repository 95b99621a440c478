package com.example.booksvc.catalog;

import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** storagesvc cannot answer and nothing is cached: 503 with a hint when to come back. */
class StoragesvcUnavailableException extends ErrorResponseException {

	StoragesvcUnavailableException(Duration retryAfter, Throwable cause) {
		super(HttpStatus.SERVICE_UNAVAILABLE, problem(), cause);
		getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, retryAfter.toSeconds())));
	}

	private static ProblemDetail problem() {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"storagesvc is unavailable and no earlier answer is cached; try again later");
		problem.setTitle("Books unavailable");
		return problem;
	}

}
