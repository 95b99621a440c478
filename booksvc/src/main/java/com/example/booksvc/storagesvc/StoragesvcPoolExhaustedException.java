package com.example.booksvc.storagesvc;

/**
 * No pooled connection to storagesvc came free in time: booksvc's own saturation, not storagesvc
 * failing. Not retried, not held against storagesvc by the breaker (see application.yml); the
 * cache answers, as for a bulkhead rejection.
 */
public class StoragesvcPoolExhaustedException extends RuntimeException {

	StoragesvcPoolExhaustedException(Throwable cause) {
		super("no connection to storagesvc free in time: " + cause.getMessage(), cause, false, false);
	}

}
