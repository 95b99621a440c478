package com.example.booksvc.catalog;

import java.time.Clock;

import org.springframework.stereotype.Component;

/** Starts the clock on one booksvc answer: {@code storagesvc.latency-budget} from now. */
@Component
class LatencyBudget {

	private final StoragesvcProperties properties;

	private final Clock clock;

	LatencyBudget(StoragesvcProperties properties, Clock clock) {
		this.properties = properties;
		this.clock = clock;
	}

	Deadline start() {
		return Deadline.after(properties.latencyBudget(), clock);
	}

}
