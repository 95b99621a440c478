package com.example.booksvc.catalog;

import java.time.Duration;

import com.example.booksvc.config.ServiceUnavailableException;

/** storagesvc cannot answer and nothing is cached: 503 with a hint when to come back. */
public class StoragesvcUnavailableException extends ServiceUnavailableException {

	public StoragesvcUnavailableException(Duration retryAfter, Throwable cause) {
		super("Books unavailable", "storagesvc is unavailable and no earlier answer is cached; try again later",
				retryAfter, cause);
	}

	private StoragesvcUnavailableException(StoragesvcUnavailableException original) {
		super(original);
	}

	/** The same answer as a new object, for another caller. */
	public StoragesvcUnavailableException copy() {
		return new StoragesvcUnavailableException(this);
	}

}
