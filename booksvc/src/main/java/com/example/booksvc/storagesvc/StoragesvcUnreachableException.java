package com.example.booksvc.storagesvc;

/** No HTTP answer at all: connection refused or reset, an empty response, a read timeout. */
class StoragesvcUnreachableException extends StoragesvcFailureException {

	StoragesvcUnreachableException(Throwable cause) {
		super("storagesvc unreachable: " + cause.getMessage(), cause);
	}

}
