package com.example.benchmark;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The database stopped under load and started again, the load going on throughout: when it
 * stopped, when the breaker opened, when it started, how long until booksvc answered live again,
 * how many requests storagesvc got meanwhile for booksvc's, and the breaker's state every 200 ms.
 */
final class DatabaseOutage {

	private final Stack stack;

	private final ConcurrentLinkedQueue<PhaseChart.BreakerSample> breaker = new ConcurrentLinkedQueue<>();

	private CompletableFuture<Void> script;

	private long beganAt;

	private long stoppedAt;

	private long breakerOpenedAt;

	private long startedAt;

	private long liveAgainAt;

	private double storagesvcRequests;

	private double booksvcRequests;

	private double storagesvcReadySeconds;

	private double recoverySeconds;

	DatabaseOutage(Stack stack) {
		this.stack = stack;
	}

	/**
	 * Off the caller's (Gatling's) thread: {@code lead} from now the database is stopped, {@code down}
	 * later started again, and booksvc awaited until it answers live. The breaker is polled from now
	 * until then.
	 */
	void begin(Duration lead, Duration down) {
		beganAt = System.currentTimeMillis();
		ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().factory());
		poller.scheduleAtFixedRate(this::pollBreaker, 0, 200, TimeUnit.MILLISECONDS);
		script = CompletableFuture.runAsync(() -> {
			Stack.pause(lead);
			storagesvcRequests = -booksRequests(stack.storagesvc);
			booksvcRequests = -booksRequests(stack.booksvc);
			stoppedAt = System.currentTimeMillis();
			stack.compose("stop", "database");
			Stack.await(Duration.ofSeconds(30), () -> stack.breakerState().equals("OPEN"));
			breakerOpenedAt = System.currentTimeMillis();
			Stack.pause(Duration.ofMillis(stoppedAt + down.toMillis() - System.currentTimeMillis()));
			startedAt = System.currentTimeMillis();
			stack.compose("start", "database");
			// Recovery is timed from the database's return: storagesvc ready (its readiness includes the database).
			storagesvcReadySeconds = Stack.await(Duration.ofSeconds(60),
					() -> stack.status(stack.storagesvc + "/actuator/health/readiness") == 200);
			recoverySeconds = Stack.await(Duration.ofSeconds(60),
					() -> stack.get(stack.booksvc + "/books").source().equals("storagesvc"));
			liveAgainAt = System.currentTimeMillis();
			storagesvcRequests += booksRequests(stack.storagesvc);
			booksvcRequests += booksRequests(stack.booksvc);
		}, task -> Thread.ofPlatform().daemon().start(task)).whenComplete((done, failure) -> poller.shutdownNow());
	}

	/** Waits for the script to end (booksvc live again). */
	void join() {
		script.join();
	}

	/** Epoch milliseconds: when the script began, {@code lead} before the stop. */
	long beganAt() {
		return beganAt;
	}

	/** Epoch milliseconds. */
	long stoppedAt() {
		return stoppedAt;
	}

	/** Epoch milliseconds. */
	long breakerOpenedAt() {
		return breakerOpenedAt;
	}

	/** Epoch milliseconds: {@code docker compose start database}. */
	long startedAt() {
		return startedAt;
	}

	/** Epoch milliseconds: booksvc's first live answer after the start. */
	long liveAgainAt() {
		return liveAgainAt;
	}

	List<PhaseChart.BreakerSample> breakerSamples() {
		return List.copyOf(breaker);
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

	private void pollBreaker() {
		try {
			breaker.add(new PhaseChart.BreakerSample(System.currentTimeMillis(), stack.breakerState()));
		}
		catch (RuntimeException ex) {
			// a missed poll is a gap in the chart, not a reason to stop polling
		}
	}

	private double booksRequests(String service) {
		return stack.counter(service, "http_server_requests_seconds_count", "uri=\"/books\"");
	}

}
