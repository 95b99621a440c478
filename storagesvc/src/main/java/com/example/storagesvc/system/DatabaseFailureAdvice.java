package com.example.storagesvc.system;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Data access failures as problem+json, by {@link DatabaseFailure}: 503 with {@code Retry-After}
 * while the database is unreachable, 409 for a unique violation (the only real conflict here),
 * 400 for a value the database refuses, 500 for anything else.
 */
@RestControllerAdvice
@EnableConfigurationProperties(DatabaseUnavailableProperties.class)
class DatabaseFailureAdvice {

	private static final Logger log = LoggerFactory.getLogger(DatabaseFailureAdvice.class);

	private final DatabaseUnavailableProperties databaseUnavailable;

	DatabaseFailureAdvice(DatabaseUnavailableProperties databaseUnavailable) {
		this.databaseUnavailable = databaseUnavailable;
	}

	@ExceptionHandler({ DataAccessException.class, TransactionException.class })
	ResponseEntity<ProblemDetail> dataAccessFailure(RuntimeException ex) {
		return switch (DatabaseFailure.of(ex)) {
			case UNAVAILABLE -> unavailable(ex);
			case DUPLICATE -> {
				log.info("Request conflicts with stored data: {}", mostSpecificMessage(ex));
				yield problem(HttpStatus.CONFLICT, "Conflict", "The request conflicts with an existing book");
			}
			case UNSTORABLE_VALUE -> {
				log.info("Database refused a value from the request: {}", mostSpecificMessage(ex));
				yield problem(HttpStatus.BAD_REQUEST, "Value cannot be stored",
						"A value in the request cannot be stored");
			}
			case OTHER -> {
				log.error("Data access failed", ex);
				yield problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error", "The request could not be completed");
			}
		};
	}

	private ResponseEntity<ProblemDetail> unavailable(RuntimeException ex) {
		log.warn("Database unavailable, answering 503: {}", mostSpecificMessage(ex));
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"The book database is unavailable; try again later");
		problem.setTitle("Database unavailable");
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, String.valueOf(databaseUnavailable.retryAfter().toSeconds()))
			.body(problem);
	}

	private static String mostSpecificMessage(Throwable ex) {
		return NestedExceptionUtils.getMostSpecificCause(ex).getMessage();
	}

	private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		return ResponseEntity.status(status).body(problem);
	}

}
