package com.example.storagesvc.book;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

class DuplicateIsbnException extends ErrorResponseException {

	DuplicateIsbnException(String isbn) {
		super(HttpStatus.CONFLICT, problem(isbn), null);
	}

	private static ProblemDetail problem(String isbn) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
				"A book with ISBN " + isbn + " already exists");
		problem.setTitle("Duplicate ISBN");
		return problem;
	}

}
