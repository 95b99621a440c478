package com.example.booksvc.resilience;

import java.time.Clock;
import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnIgnoredErrorEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.example.booksvc.storagesvc.StoragesvcFailureException;

import org.springframework.stereotype.Component;

/**
 * storagesvc's answers with an incomplete book, which the breaker ignores (storagesvc is up, its
 * data is not), so that they still show: counted ({@code booksvc.storagesvc.incomplete}) and
 * logged as a warning, with the books' ids, at most a line a second. Nothing opens for them, and
 * the answer comes from the cache until the rows are fixed.
 */
@Component
class IncompleteAnswers {

	private static final Logger log = LoggerFactory.getLogger(IncompleteAnswers.class);

	private final Counter answers;

	private final LogSummary lines;

	IncompleteAnswers(CircuitBreakerRegistry breakers, MeterRegistry meters, Clock clock) {
		this.answers = Counter.builder("booksvc.storagesvc.incomplete")
			.description("storagesvc's answers with a book lacking what a book must have, answered from the cache")
			.register(meters);
		this.lines = new LogSummary(Duration.ofSeconds(1), clock);
		breakers.circuitBreaker(StoragesvcBreaker.POLICIES).getEventPublisher().onIgnoredError(this::ignored);
	}

	private void ignored(CircuitBreakerOnIgnoredErrorEvent event) {
		if (event.getThrowable() instanceof StoragesvcFailureException failure
				&& failure.reason() == StoragesvcFailureException.Reason.INCOMPLETE_BOOK) {
			answers.increment();
			long since = lines.occurrence(failure.reason().name());
			if (since > 0) {
				log.atWarn().addKeyValue("answers", since)
					.log("{}: storagesvc's data, not its health, so not held against it; answered from the cache "
							+ "until the book is fixed (x{} since the last such line)", failure.getMessage(), since);
			}
		}
	}

}
