package com.example.booksvc.catalog;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The moment by which one booksvc answer must be given. It travels with the call, so that every
 * attempt knows how much of the request's latency budget is left.
 */
record Deadline(Instant at, Clock clock) {

	static Deadline after(Duration budget, Clock clock) {
		return new Deadline(clock.instant().plus(budget), clock);
	}

	Duration remaining() {
		Duration remaining = Duration.between(clock.instant(), at);
		return remaining.isNegative() ? Duration.ZERO : remaining;
	}

}
