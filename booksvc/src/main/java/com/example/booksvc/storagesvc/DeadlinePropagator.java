package com.example.booksvc.storagesvc;

import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.github.resilience4j.core.ContextPropagator;

/**
 * Carries the answer's {@link Deadline} onto resilience4j's scheduler, where the retries start and
 * the time limiter gives up on an attempt (the scheduler: resilience/ResilienceConfiguration).
 * Without it a retry would run with no deadline, which {@link Storagesvc#attempt} refuses.
 */
public class DeadlinePropagator implements ContextPropagator<Deadline> {

	@Override
	public Supplier<Optional<Deadline>> retrieve() {
		return Deadline::current;
	}

	@Override
	public Consumer<Optional<Deadline>> copy() {
		return deadline -> Deadline.restore(deadline.orElse(null));
	}

	@Override
	public Consumer<Optional<Deadline>> clear() {
		return deadline -> Deadline.restore(null);
	}

}
