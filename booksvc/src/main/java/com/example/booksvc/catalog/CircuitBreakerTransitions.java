package com.example.booksvc.catalog;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.registry.EntryAddedEvent;
import io.github.resilience4j.core.registry.EntryRemovedEvent;
import io.github.resilience4j.core.registry.EntryReplacedEvent;
import io.github.resilience4j.core.registry.RegistryEventConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Logs every circuit breaker state change as one line, and remembers when each breaker opened:
 * resilience4j does not say how long an open breaker will stay open, and booksvc's 503 should.
 */
@Component
class CircuitBreakerTransitions implements RegistryEventConsumer<CircuitBreaker> {

	private static final Logger log = LoggerFactory.getLogger(CircuitBreakerTransitions.class);

	private final Map<String, Instant> openedAt = new ConcurrentHashMap<>();

	private final ObjectProvider<CircuitBreakerRegistry> registry;

	private final Clock clock;

	CircuitBreakerTransitions(ObjectProvider<CircuitBreakerRegistry> registry, Clock clock) {
		this.registry = registry;
		this.clock = clock;
	}

	@Override
	public void onEntryAddedEvent(EntryAddedEvent<CircuitBreaker> event) {
		watch(event.getAddedEntry());
	}

	@Override
	public void onEntryRemovedEvent(EntryRemovedEvent<CircuitBreaker> event) {
		openedAt.remove(event.getRemovedEntry().getName());
	}

	@Override
	public void onEntryReplacedEvent(EntryReplacedEvent<CircuitBreaker> event) {
		watch(event.getNewEntry());
	}

	String state(String name) {
		return registry.getObject().circuitBreaker(name).getState().name();
	}

	boolean isClosed(String name) {
		return registry.getObject().circuitBreaker(name).getState() == CircuitBreaker.State.CLOSED;
	}

	/** How long until the named breaker lets a call through again; empty unless it is open. */
	Optional<Duration> untilHalfOpen(String name) {
		CircuitBreaker breaker = registry.getObject().circuitBreaker(name);
		Instant opened = openedAt.get(name);
		if (breaker.getState() != CircuitBreaker.State.OPEN || opened == null) {
			return Optional.empty();
		}
		long waitMillis = breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1);
		Duration left = Duration.between(clock.instant(), opened.plusMillis(waitMillis));
		return Optional.of(left.isNegative() ? Duration.ZERO : left);
	}

	/** A log line with a breaker and its state as fields, named alike on every line that has them. */
	static LoggingEventBuilder withBreaker(LoggingEventBuilder line, String breaker, Object state) {
		return line.addKeyValue("breaker", breaker).addKeyValue("breakerState", state);
	}

	private void watch(CircuitBreaker breaker) {
		breaker.getEventPublisher().onStateTransition(event -> {
			CircuitBreaker.StateTransition transition = event.getStateTransition();
			if (transition.getToState() == CircuitBreaker.State.OPEN) {
				openedAt.put(breaker.getName(), clock.instant());
			}
			Level level = (transition.getToState() == CircuitBreaker.State.CLOSED) ? Level.INFO : Level.WARN;
			withBreaker(log.atLevel(level), breaker.getName(), transition.getToState())
				.log("circuit breaker '{}' state changed from {} to {}", breaker.getName(), transition.getFromState(),
						transition.getToState());
		});
	}

}
