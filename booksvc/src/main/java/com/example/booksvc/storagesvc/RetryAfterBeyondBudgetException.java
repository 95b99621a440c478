package com.example.booksvc.storagesvc;

/**
 * storagesvc asked to be left alone for longer than the request has left: waiting would break the
 * latency budget, so this one is not retried (see {@code retry.ignore-exceptions}).
 */
class RetryAfterBeyondBudgetException extends StoragesvcErrorResponseException {

	RetryAfterBeyondBudgetException(StoragesvcErrorResponseException tooLong) {
		super(tooLong.status(), tooLong.retryAfter().orElseThrow());
	}

}
