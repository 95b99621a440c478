package com.example.storagesvc.system;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

import org.hibernate.TransactionException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.CannotCreateTransactionException;

/** What a data access failure means for the caller, read once from its cause chain. */
enum DatabaseFailure {

	/** The database cannot be reached: try again later. */
	UNAVAILABLE,

	/** A unique constraint refused the row: it exists already. */
	DUPLICATE,

	/** The database refused a value the request carried: bad input that validation let through. */
	UNSTORABLE_VALUE,

	/** Anything else: a bug or a schema out of step, nothing the caller can fix. */
	OTHER;

	/** SQLState classes: 08 connection exception, 53 insufficient resources, 57 operator intervention (shutdown). */
	private static final Set<String> UNAVAILABLE_SQL_STATE_CLASSES = Set.of("08", "53", "57");

	private static final String UNIQUE_VIOLATION = "23505";

	/** SQLState class 22, data exception: a value the column cannot hold (NUL in text, out of range…). */
	private static final String DATA_EXCEPTION_CLASS = "22";

	static DatabaseFailure of(Throwable failure) {
		if (isDatabaseUnavailable(failure)) {
			return UNAVAILABLE;
		}
		String sqlState = sqlState(failure);
		if (failure instanceof DuplicateKeyException || UNIQUE_VIOLATION.equals(sqlState)) {
			return DUPLICATE;
		}
		if (failure instanceof DataIntegrityViolationException
				|| (sqlState != null && sqlState.startsWith(DATA_EXCEPTION_CLASS))) {
			return UNSTORABLE_VALUE;
		}
		return OTHER;
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
	private static boolean isDatabaseUnavailable(Throwable failure) {
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

	/** The first SQLState in the cause chain; Spring and Hibernate wrap the driver's exception. */
	private static String sqlState(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql && sql.getSQLState() != null) {
				return sql.getSQLState();
			}
		}
		return null;
	}

}
