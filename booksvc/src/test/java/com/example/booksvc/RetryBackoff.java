package com.example.booksvc;

import java.time.Duration;

import org.springframework.core.env.Environment;

/**
 * The retry's waits as application.yml sets them ({@code resilience4j.retry.configs.default}), for
 * tests to derive their bounds from: the wait before retry n is wait-duration × multiplier^(n−1),
 * spread by ± randomized-wait-factor.
 */
public record RetryBackoff(int maxAttempts, Duration waitDuration, double multiplier, double factor) {

	private static final String RETRY = "resilience4j.retry.configs.default.";

	public static RetryBackoff of(Environment settings) {
		return new RetryBackoff(settings.getRequiredProperty(RETRY + "max-attempts", Integer.class),
				settings.getRequiredProperty(RETRY + "wait-duration", Duration.class),
				settings.getRequiredProperty(RETRY + "exponential-backoff-multiplier", Double.class),
				settings.getRequiredProperty(RETRY + "randomized-wait-factor", Double.class));
	}

	/** The wait before retry n (1 = the second attempt) before it is spread. */
	public Duration base(int retry) {
		return Duration.ofNanos(Math.round(waitDuration.toNanos() * Math.pow(multiplier, retry - 1)));
	}

	public Duration shortest(int retry) {
		return scaled(base(retry), 1 - factor);
	}

	/** Rounded up to the millisecond, as resilience4j rounds a drawn wait (99.5 ms waits 100). */
	public Duration longest(int retry) {
		return Duration.ofMillis((long) Math.ceil(base(retry).toNanos() * (1 + factor) / 1e6));
	}

	/** Every wait of one call that uses all its attempts, each at its longest. */
	public Duration longestTotal() {
		Duration total = Duration.ZERO;
		for (int retry = 1; retry < maxAttempts; retry++) {
			total = total.plus(longest(retry));
		}
		return total;
	}

	private static Duration scaled(Duration duration, double by) {
		return Duration.ofNanos(Math.round(duration.toNanos() * by));
	}

}
