package com.example.booksvc.storagesvc;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** storagesvc has no such book: an answer, not a failure; never retried, never a breaker failure. */
public class StoragesvcNotFoundException extends ErrorResponseException {

	public StoragesvcNotFoundException(String path) {
		super(HttpStatus.NOT_FOUND, problem(path), null);
	}

	private StoragesvcNotFoundException(StoragesvcNotFoundException original) {
		super(original.getStatusCode(), Problems.copyOf(original.getBody()), original.getCause());
		getHeaders().putAll(original.getHeaders());
	}

	/**
	 * The same answer as a new object, for another caller: Spring MVC writes the caller's own path
	 * into the problem it renders ({@code instance}).
	 */
	public StoragesvcNotFoundException copy() {
		return new StoragesvcNotFoundException(this);
	}

	private static ProblemDetail problem(String path) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "storagesvc has nothing at " + path);
		problem.setTitle("Book not found");
		return problem;
	}

}
