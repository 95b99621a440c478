package com.example.booksvc.resilience;

import java.time.Duration;

import io.github.resilience4j.core.functions.Either;
import org.junit.jupiter.api.Test;

import com.example.booksvc.storagesvc.StoragesvcFailureException;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterBackoffTest {

	private final RetryAfterBackoff backoff = new RetryAfterBackoff((attempt, outcome) -> 100L * attempt);

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
		assertThat(backoff.apply(1, Either.left(new IllegalStateException()))).isEqualTo(100L);
	}

	private static Either<Throwable, Object> failure(Duration retryAfter) {
		return Either.left(StoragesvcFailureException.errorStatus(HttpStatus.SERVICE_UNAVAILABLE, retryAfter));
	}

}
