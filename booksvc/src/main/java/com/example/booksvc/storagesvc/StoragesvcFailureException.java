package com.example.booksvc.storagesvc;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.springframework.http.HttpStatusCode;

/**
 * storagesvc gave no good answer, and why. The catalog answers it from the last-good cache. What the
 * policies do with each reason is application.yml's: they name the predicates below.
 */
public final class StoragesvcFailureException extends RuntimeException {

	public enum Reason {

		/** No HTTP answer at all: connection refused or reset, an empty response, a read timeout. */
		UNREACHABLE,

		/** 5xx or 429: storagesvc may well answer the next call. */
		ERROR_STATUS,

		/**
		 * storagesvc's 503 for a request it refused before doing any of it (its load shedding, a problem
		 * of its {@code too-many-requests-in-flight} type): another request gives its permit back
		 * within moments, so it is retried after a short wait, whatever its {@code Retry-After} says,
		 * and outside the retry budget (Finagle calls such an answer a nack; resilience/RetryPlan). Not
		 * held against storagesvc by the breaker: it is up, and protecting itself.
		 */
		SHED,

		/** 5xx or 429 with a {@code Retry-After} longer than the answer's budget has left. */
		RETRY_AFTER_BEYOND_BUDGET,

		/**
		 * 404 without storagesvc's book-not-found problem type: a path it does not serve (a wrong base
		 * URL, a route missing mid-deploy, a proxy's page), not "no such book". Never cached as gone.
		 */
		UNEXPECTED_NOT_FOUND,

		/**
		 * 2xx with a body that is not a valid answer (not JSON, no books, another book than asked for),
		 * or one over the size limit; never cached.
		 */
		MALFORMED,

		/**
		 * 2xx, read as it should be, but a book in it lacks what a book must have (an empty title):
		 * storagesvc's data, not its health, so never cached and never held against storagesvc.
		 */
		INCOMPLETE_BOOK,

		/** No pooled connection came free in time: booksvc's own saturation, not storagesvc failing. */
		POOL_EXHAUSTED

	}

	private final Reason reason;

	private final HttpStatusCode status;

	private final Duration retryAfter;

	private StoragesvcFailureException(Reason reason, String message, HttpStatusCode status, Duration retryAfter,
			Throwable cause) {
		// a pool that ran dry fails every waiting call at once: no stack trace to fill in
		super(message, cause, false, reason != Reason.POOL_EXHAUSTED);
		this.reason = reason;
		this.status = status;
		this.retryAfter = retryAfter;
	}

	static StoragesvcFailureException unreachable(Throwable cause) {
		return new StoragesvcFailureException(Reason.UNREACHABLE, "storagesvc unreachable: " + cause.getMessage(), null,
				null, cause);
	}

	/** {@code retryAfter}: how long storagesvc asked callers to wait, or null. */
	public static StoragesvcFailureException errorStatus(HttpStatusCode status, Duration retryAfter) {
		return new StoragesvcFailureException(Reason.ERROR_STATUS, "storagesvc answered " + status.value()
				+ ((retryAfter != null) ? " (Retry-After " + retryAfter.toSeconds() + " s)" : ""), status, retryAfter, null);
	}

	/** {@code retryAfter}: what storagesvc said, for callers that cannot tell a shed call; null if nothing. */
	public static StoragesvcFailureException shed(HttpStatusCode status, Duration retryAfter) {
		return new StoragesvcFailureException(Reason.SHED, "storagesvc refused the call before any work: too many requests in flight",
				status, retryAfter, null);
	}

	StoragesvcFailureException beyondBudget() {
		return new StoragesvcFailureException(Reason.RETRY_AFTER_BEYOND_BUDGET,
				getMessage() + ", longer than the answer's budget has left", status, retryAfter, null);
	}

	static StoragesvcFailureException malformed(String message, Throwable cause) {
		return new StoragesvcFailureException(Reason.MALFORMED, "storagesvc sent a malformed answer: " + message, null,
				null, cause);
	}

	static StoragesvcFailureException unexpectedNotFound(String path) {
		return new StoragesvcFailureException(Reason.UNEXPECTED_NOT_FOUND, "storagesvc answered 404 for " + path
				+ " without its book-not-found problem type: a path it does not serve (storagesvc.base-url?)", null, null,
				null);
	}

	/** {@code ids}: the incomplete books' ids as storagesvc sent them (0 if it sent none). */
	static StoragesvcFailureException incompleteBook(String answer, List<Long> ids) {
		String listed = ids.stream().limit(10).map(String::valueOf).collect(Collectors.joining(", "));
		return new StoragesvcFailureException(Reason.INCOMPLETE_BOOK, "storagesvc sent an incomplete book in " + answer
				+ ": id " + listed + ((ids.size() > 10) ? " (" + ids.size() + " in all)" : ""), null, null, null);
	}

	static StoragesvcFailureException poolExhausted(Throwable cause) {
		return new StoragesvcFailureException(Reason.POOL_EXHAUSTED,
				"no connection to storagesvc free in time: " + cause.getMessage(), null, null, cause);
	}

	public Reason reason() {
		return reason;
	}

	/** How long storagesvc asked callers to wait, if it said: what booksvc passes on to its own. */
	public Optional<Duration> retryAfter() {
		return Optional.ofNullable(retryAfter);
	}

	/**
	 * How long booksvc waits before it tries again, if storagesvc said: its {@code Retry-After}; but
	 * not for a call it shed ({@link Reason#SHED}): its {@code Retry-After: 1} is for a caller that
	 * would otherwise come back at once, and the retry plan spreads such calls over a short wait of its
	 * own (resilience/RetryPlan).
	 */
	public Optional<Duration> retryWait() {
		return (reason == Reason.SHED) ? Optional.empty() : retryAfter();
	}

	/** What another attempt may fix soon ({@code resilience4j.retry ... retry-exception-predicate}). */
	public static final class Retryable implements Predicate<Throwable> {

		@Override
		public boolean test(Throwable failure) {
			return failure instanceof StoragesvcFailureException storagesvc
					&& (storagesvc.reason == Reason.UNREACHABLE || storagesvc.reason == Reason.ERROR_STATUS
							|| storagesvc.reason == Reason.SHED);
		}

	}

	/**
	 * Any failure of storagesvc's, a Retry-After beyond the budget included: what a naive client
	 * retries (ablation.yml's {@code naive} profile), never booksvc's own choice.
	 */
	public static final class AnyFailure implements Predicate<Throwable> {

		@Override
		public boolean test(Throwable failure) {
			return failure instanceof StoragesvcFailureException;
		}

	}

	/**
	 * Not storagesvc failing, so nothing an open breaker would help with: booksvc's own overload (no
	 * pooled connection free in time); storagesvc up and answering with an incomplete book, where
	 * an open breaker would only take the other books' lookups off live; or storagesvc shedding, up
	 * and serving all it can: counted, three attempts of each call shed at once made ~90 % of the
	 * breaker's window failures in a second, and the open breaker took every lookup off live for its
	 * 10 s (0.3 % of 4,500 lookups live, against 79 % without a breaker). The retry budget is what
	 * bounds the calls a shedding storagesvc gets. The breaker does not count these at all
	 * ({@code resilience4j.circuitbreaker ... ignore-exception-predicate}).
	 */
	public static final class NotAnOutage implements Predicate<Throwable> {

		@Override
		public boolean test(Throwable failure) {
			return failure instanceof StoragesvcFailureException storagesvc
					&& (storagesvc.reason == Reason.POOL_EXHAUSTED || storagesvc.reason == Reason.INCOMPLETE_BOOK
							|| storagesvc.reason == Reason.SHED);
		}

	}

}
