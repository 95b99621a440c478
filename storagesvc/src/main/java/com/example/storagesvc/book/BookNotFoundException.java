package com.example.storagesvc.book;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

class BookNotFoundException extends ErrorResponseException {

	/**
	 * The problem type of this 404 and of no other: what tells a caller "no such book" from a 404 for
	 * a path storagesvc does not serve (a wrong base URL, a route missing mid-deploy, a proxy's page),
	 * which booksvc counts as a failure. A tag URI (RFC 4151): an identifier, with nothing to
	 * dereference. booksvc expects it verbatim (its {@code Storagesvc.BOOK_NOT_FOUND_TYPE}).
	 */
	static final String TYPE = "tag:example.com,2026:storagesvc/book-not-found";

	BookNotFoundException(long id) {
		super(HttpStatus.NOT_FOUND, problem(id), null);
	}

	private static ProblemDetail problem(long id) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No book with id " + id);
		problem.setType(URI.create(TYPE));
		problem.setTitle("Book not found");
		return problem;
	}

}
