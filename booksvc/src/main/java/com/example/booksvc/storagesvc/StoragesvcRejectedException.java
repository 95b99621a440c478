package com.example.booksvc.storagesvc;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * storagesvc refused booksvc's request (4xx other than 404 and 429): a bug on booksvc's side, so
 * not retried and not held against storagesvc by the breaker. Answered 502 to booksvc's caller.
 */
public class StoragesvcRejectedException extends ErrorResponseException {

	StoragesvcRejectedException(HttpStatusCode status) {
		super(HttpStatus.BAD_GATEWAY, problem(status), null);
	}

	private StoragesvcRejectedException(StoragesvcRejectedException original) {
		super(original.getStatusCode(), Problems.copyOf(original.getBody()), original.getCause());
		getHeaders().putAll(original.getHeaders());
	}

	/** The same answer as a new object, for another caller (see {@link StoragesvcNotFoundException#copy}). */
	public StoragesvcRejectedException copy() {
		return new StoragesvcRejectedException(this);
	}

	private static ProblemDetail problem(HttpStatusCode status) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY,
				"storagesvc rejected the request with " + status.value());
		problem.setTitle("Bad gateway");
		problem.setProperty("upstreamStatus", status.value());
		return problem;
	}

}
