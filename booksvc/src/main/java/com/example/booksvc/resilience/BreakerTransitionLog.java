package com.example.booksvc.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.core.registry.EntryAddedEvent;
import io.github.resilience4j.core.registry.EntryRemovedEvent;
import io.github.resilience4j.core.registry.EntryReplacedEvent;
import io.github.resilience4j.core.registry.RegistryEventConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

import org.springframework.stereotype.Component;

/** Logs every circuit breaker's state changes (storagesvc's and the cache's), one line each. */
@Component
class BreakerTransitionLog implements RegistryEventConsumer<CircuitBreaker> {

	private static final Logger log = LoggerFactory.getLogger(BreakerTransitionLog.class);

	@Override
	public void onEntryAddedEvent(EntryAddedEvent<CircuitBreaker> event) {
		watch(event.getAddedEntry());
	}

	@Override
	public void onEntryRemovedEvent(EntryRemovedEvent<CircuitBreaker> event) {
	}

	@Override
	public void onEntryReplacedEvent(EntryReplacedEvent<CircuitBreaker> event) {
		watch(event.getNewEntry());
	}

	/** A log line with a breaker and its state as fields, named alike on every line that has them. */
	static LoggingEventBuilder withBreaker(LoggingEventBuilder line, String breaker, Object state) {
		return line.addKeyValue("breaker", breaker).addKeyValue("breakerState", state);
	}

	private static void watch(CircuitBreaker breaker) {
		breaker.getEventPublisher().onStateTransition(event -> {
			CircuitBreaker.StateTransition transition = event.getStateTransition();
			Level level = (transition.getToState() == CircuitBreaker.State.CLOSED) ? Level.INFO : Level.WARN;
			withBreaker(log.atLevel(level), breaker.getName(), transition.getToState())
				.log("circuit breaker '{}' state changed from {} to {}", breaker.getName(), transition.getFromState(),
						transition.getToState());
		});
	}

}
