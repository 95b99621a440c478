package com.example.storagesvc.system;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

import org.hibernate.TransactionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Data access failures as problem+json: 503 with {@code Retry-After} while the database is
 * unreachable, 409 when a write breaks a constraint, 500 for anything else.
 */
@RestControllerAdvice
@EnableConfigurationProperties(DatabaseUnavailableProperties.class)
class DatabaseFailureAdvice {

	private static final Logger log = LoggerFactory.getLogger(DatabaseFailureAdvice.class);

	/** SQLState classes: 08 connection exception, 53 insufficient resources, 57 operator intervention (shutdown). */
	private static final Set<String> UNAVAILABLE_SQL_STATE_CLASSES = Set.of("08", "53", "57");

	private final DatabaseUnavailableProperties databaseUnavailable;

	DatabaseFailureAdvice(DatabaseUnavailableProperties databaseUnavailable) {
		this.databaseUnavailable = databaseUnavailable;
	}

	@ExceptionHandler({ DataAccessException.class, org.springframework.transaction.TransactionException.class })
	ResponseEntity<ProblemDetail> dataAccessFailure(RuntimeException ex) {
		if (!isDatabaseUnavailable(ex)) {
			log.error("Data access failed", ex);
			return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error", "The request could not be completed");
		}
		log.warn("Database unavailable, answering 503: {}", NestedExceptionUtils.getMostSpecificCause(ex).getMessage());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"The book database is unavailable; try again later");
		problem.setTitle("Database unavailable");
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, String.valueOf(databaseUnavailable.retryAfter().toSeconds()))
			.body(problem);
	}

	@ExceptionHandler(DataIntegrityViolationException.class)
	ResponseEntity<ProblemDetail> conflict(DataIntegrityViolationException ex) {
		log.info("Request conflicts with stored data: {}", NestedExceptionUtils.getMostSpecificCause(ex).getMessage());
		return problem(HttpStatus.CONFLICT, "Conflict", "The request conflicts with an existing book");
	}

	/**
	 * Whether the database being unreachable caused this failure. The evidence surfaces in many
	 * shapes: no connection within the pool's timeout, a query on a connection the server just
	 * closed (PostgreSQL's 57P01, which Hibernate leaves unclassified), or a rollback on a
	 * connection the pool already discarded, which Spring reports instead of the original failure
	 * (the pool's "Connection is closed" carries no SQLState). This schema has no deferred
	 * constraints, so a commit or rollback that the JDBC connection cannot carry out means the
	 * connection is gone.
	 */
	static boolean isDatabaseUnavailable(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof CannotCreateTransactionException || cause instanceof DataAccessResourceFailureException
					|| cause instanceof SQLTransientConnectionException) {
				return true;
			}
			if (cause instanceof TransactionException && cause.getCause() instanceof SQLException) {
				return true;
			}
			if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().length() >= 2
					&& UNAVAILABLE_SQL_STATE_CLASSES.contains(sql.getSQLState().substring(0, 2))) {
				return true;
			}
		}
		return false;
	}

	private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		return ResponseEntity.status(status).body(problem);
	}

}
