package com.example.storagesvc.shedding;

import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The 503 for a book request that found every permit taken. */
class TooManyRequestsInFlight extends ErrorResponseException {

	TooManyRequestsInFlight(Duration retryAfter) {
		super(HttpStatus.SERVICE_UNAVAILABLE, problem(), null);
		getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfter.toSeconds()));
	}

	private static ProblemDetail problem() {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"storagesvc is serving as many book requests as it can; try again shortly");
		problem.setTitle("Too many requests in flight");
		return problem;
	}

}
