package com.example.booksvc.resilience;

import java.time.Duration;

import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.core.functions.Either;
import org.junit.jupiter.api.Test;

import com.example.booksvc.storagesvc.StoragesvcFailureException;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wrapper around resilience4j's own exponential backoff (unspread here, so that each wait is
 * exact; the configured, spread one as booksvc runs it: {@link RetryBackoffIT}).
 */
class RetryAfterBackoffTest {

	private final RetryAfterBackoff backoff = new RetryAfterBackoff(
			IntervalBiFunction.ofIntervalFunction(IntervalFunction.ofExponentialBackoff(100, 2)));

	@Test
	void waitsAsLongAsStoragesvcAsked() {
		assertThat(backoff.apply(1, failure(Duration.ofSeconds(1)))).isEqualTo(1000L);
	}

	@Test
	void neverWaitsLessThanTheBackoff() {
		assertThat(backoff.apply(2, failure(Duration.ofMillis(50)))).isEqualTo(200L);
	}

	@Test
	void usesTheBackoffWithoutRetryAfter() {
		assertThat(backoff.apply(1, failure(null))).isEqualTo(100L);
		assertThat(backoff.apply(2, failure(null))).isEqualTo(200L);
		assertThat(backoff.apply(1, Either.left(new IllegalStateException()))).isEqualTo(100L);
	}

	private static Either<Throwable, Object> failure(Duration retryAfter) {
		return Either.left(StoragesvcFailureException.errorStatus(HttpStatus.SERVICE_UNAVAILABLE, retryAfter));
	}

}
