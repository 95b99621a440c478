package com.example.booksvc.storagesvc;

/** storagesvc answered 2xx with a body that is not a valid answer: not retried, never cached. */
class MalformedResponseException extends StoragesvcFailureException {

	MalformedResponseException(String message, Throwable cause) {
		super("storagesvc sent a malformed answer: " + message, cause);
	}

}
