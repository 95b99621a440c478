package com.example.benchmark;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The database stopped under load and started again: when, when the breaker opened, how long until
 * booksvc answered live again, and how many requests storagesvc got meanwhile for booksvc's.
 */
final class DatabaseOutage {

	private final Stack stack;

	private CompletableFuture<Void> stop;

	private long stoppedAt;

	private long breakerOpenedAt;

	private double storagesvcRequests;

	private double booksvcRequests;

	private double storagesvcReadySeconds;

	private double recoverySeconds;

	DatabaseOutage(Stack stack) {
		this.stack = stack;
	}

	/** Stops the database {@code lead} from now, off the caller's (Gatling's) thread, and notes when the breaker opened. */
	void stopAfter(Duration lead) {
		Executor later = CompletableFuture.delayedExecutor(lead.toMillis(), TimeUnit.MILLISECONDS,
				task -> Thread.ofPlatform().daemon().start(task));
		stop = CompletableFuture.runAsync(() -> {
			storagesvcRequests = -booksRequests(stack.storagesvc);
			booksvcRequests = -booksRequests(stack.booksvc);
			stoppedAt = System.currentTimeMillis();
			stack.compose("stop", "database");
			Stack.await(Duration.ofSeconds(30), () -> stack.breakerState().equals("OPEN"));
			breakerOpenedAt = System.currentTimeMillis();
		}, later);
	}

	/** Recovery is timed from the database's return: storagesvc ready again (its readiness includes the database). */
	void startUntilLive() {
		stop.join();
		stack.compose("start", "database");
		storagesvcReadySeconds = Stack.await(Duration.ofSeconds(60),
				() -> stack.status(stack.storagesvc + "/actuator/health/readiness") == 200);
		recoverySeconds = Stack.await(Duration.ofSeconds(60),
				() -> stack.get(stack.booksvc + "/books").source().equals("storagesvc"));
		storagesvcRequests += booksRequests(stack.storagesvc);
		booksvcRequests += booksRequests(stack.booksvc);
	}

	/** Epoch milliseconds. */
	long stoppedAt() {
		return stoppedAt;
	}

	/** Epoch milliseconds. */
	long breakerOpenedAt() {
		return breakerOpenedAt;
	}

	double storagesvcRequests() {
		return storagesvcRequests;
	}

	double booksvcRequests() {
		return booksvcRequests;
	}

	/** From storagesvc ready again to booksvc's first live answer. */
	double recoverySeconds() {
		return recoverySeconds;
	}

	/** From {@code docker compose start database} to booksvc's first live answer. */
	double secondsFromStart() {
		return storagesvcReadySeconds + recoverySeconds;
	}

	private double booksRequests(String service) {
		return stack.counter(service, "http_server_requests_seconds_count", "uri=\"/books\"");
	}

}
