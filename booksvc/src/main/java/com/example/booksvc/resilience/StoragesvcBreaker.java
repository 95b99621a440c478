package com.example.booksvc.resilience;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.slf4j.spi.LoggingEventBuilder;

import org.springframework.stereotype.Component;

/**
 * storagesvc's circuit breaker, as the rest of booksvc asks about it: its state, and how long until
 * an open one lets a call through again, which resilience4j does not say and booksvc's 503 should.
 */
@Component
public class StoragesvcBreaker {

	/** The instance name of every policy guarding storagesvc; their settings are in application.yml. */
	public static final String POLICIES = "storagesvc";

	private final CircuitBreaker breaker;

	private final Clock clock;

	private volatile Instant openedAt;

	StoragesvcBreaker(CircuitBreakerRegistry registry, Clock clock) {
		this.breaker = registry.circuitBreaker(POLICIES);
		this.clock = clock;
		breaker.getEventPublisher().onStateTransition(event -> {
			if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
				openedAt = clock.instant();
			}
		});
	}

	public CircuitBreaker.State state() {
		return breaker.getState();
	}

	public boolean isClosed() {
		return state() == CircuitBreaker.State.CLOSED;
	}

	/** How long until the breaker lets a call through again; empty unless it is open. */
	public Optional<Duration> untilHalfOpen() {
		Instant opened = openedAt;
		if (state() != CircuitBreaker.State.OPEN || opened == null) {
			return Optional.empty();
		}
		Duration left = Duration.between(clock.instant(), opened.plus(openWait()));
		return Optional.of(left.isNegative() ? Duration.ZERO : left);
	}

	/** How long the breaker stays open once it opens ({@code wait-duration-in-open-state}). */
	public Duration openWait() {
		return Duration.ofMillis(breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1));
	}

	/**
	 * The line with this breaker and {@code state} as fields, named as on every line that has them;
	 * the state the caller read once, so that the fields and the message agree.
	 */
	public LoggingEventBuilder fields(LoggingEventBuilder line, CircuitBreaker.State state) {
		return BreakerTransitionLog.withBreaker(line, POLICIES, state);
	}

}
