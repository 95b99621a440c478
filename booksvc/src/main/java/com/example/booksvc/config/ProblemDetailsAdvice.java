package com.example.booksvc.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error booksvc answers is RFC 9457 problem+json: Spring MVC's own exceptions (404, 405,
 * 400 for a non-numeric id…) and the catalog's {@code ErrorResponseException}s through
 * {@link ResponseEntityExceptionHandler}, and, should a bug slip through, a 500 problem rather
 * than Spring's default error JSON. The known failures never get here: the tests hold each to its
 * own answer.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

	@ExceptionHandler(Exception.class)
	ProblemDetail unexpected(Exception ex) {
		log.error("Unexpected failure, answering 500", ex);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
				"booksvc failed to answer; the failure is logged");
		problem.setTitle("Internal error");
		return problem;
	}

}
