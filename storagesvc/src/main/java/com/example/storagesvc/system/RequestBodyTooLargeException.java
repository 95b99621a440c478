package com.example.storagesvc.system;

import java.io.IOException;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponse;

/**
 * A request body over the limit. An {@link IOException} because it is thrown from the body's
 * input stream: Jackson passes it through unwrapped, and Spring MVC hands it to
 * {@link ProblemDetailsAdvice} as the cause of an unreadable message.
 */
class RequestBodyTooLargeException extends IOException implements ErrorResponse {

	private final ProblemDetail problem;

	RequestBodyTooLargeException(long limit) {
		super("Request body larger than " + limit + " bytes");
		problem = ProblemDetail.forStatusAndDetail(HttpStatus.PAYLOAD_TOO_LARGE,
				"The request body is larger than the limit of " + limit + " bytes");
		problem.setTitle("Request body too large");
	}

	@Override
	public HttpStatusCode getStatusCode() {
		return HttpStatus.PAYLOAD_TOO_LARGE;
	}

	@Override
	public ProblemDetail getBody() {
		return problem;
	}

}
