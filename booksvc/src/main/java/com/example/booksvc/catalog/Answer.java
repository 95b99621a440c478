package com.example.booksvc.catalog;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * What booksvc knows, where it comes from and when storagesvc produced it. An answer from the
 * cache says so: callers must be able to tell a live answer from a stale one.
 */
public record Answer<T>(T value, Source source, Instant fetchedAt) {

	public enum Source {

		STORAGESVC, CACHE;

		public String headerValue() {
			return name().toLowerCase();
		}

	}

	public static <T> Answer<T> live(T value, Instant fetchedAt) {
		return new Answer<>(value, Source.STORAGESVC, fetchedAt);
	}

	public static <T> Answer<T> cached(T value, Instant fetchedAt) {
		return new Answer<>(value, Source.CACHE, fetchedAt);
	}

	public Duration age(Clock clock) {
		Duration age = Duration.between(fetchedAt, clock.instant());
		return age.isNegative() ? Duration.ZERO : age;
	}

}
