package com.example.benchmark;

import java.io.UncheckedIOException;
import java.time.Duration;

import com.example.e2e.ServiceSettings;

/** booksvc and storagesvc as the ablation's faults drive them (storagesvc's chaos) and read them. */
final class Pair {

	private static final String NO_CHAOS = "{\"failureRate\": 0, \"latency\": \"0ms\", \"outage\": false}";

	/**
	 * booksvc serves a live answer again for this long (booksvc.answer-reuse), and the last one
	 * before a fault was live: a fault starts once that has passed, or its first 100 ms are reused
	 * answers (a one-caller run of 30 was all of them).
	 */
	private static final Duration REUSE_LAPSE = ServiceSettings.of("booksvc")
		.text("booksvc.answer-reuse")
		.map(reuse -> ServiceSettings.duration("booksvc.answer-reuse", reuse))
		.orElse(Duration.ZERO)
		.plusMillis(100);

	private static final Duration LIVE_AGAIN_LIMIT = Duration.ofSeconds(40);

	private final Stack stack;

	Pair(Stack stack) {
		this.stack = stack;
	}

	/** Chaos off, then seconds until booksvc answers live. */
	double recover() {
		chaos(NO_CHAOS);
		return awaitLive();
	}

	/** A chaos setting, in force once booksvc's last live answer is no longer reused. */
	void fault(String settings) {
		chaos(settings);
		Stack.pause(REUSE_LAPSE);
	}

	/** Chaos off, booksvc not awaited. */
	void chaosOff() {
		chaos(NO_CHAOS);
	}

	private void chaos(String settings) {
		stack.putJson(stack.storagesvc + "/chaos", settings);
	}

	double awaitLive() {
		return Stack.await(LIVE_AGAIN_LIMIT, this::answersLive);
	}

	void awaitLiveAndClosed() {
		chaos(NO_CHAOS);
		Stack.await(LIVE_AGAIN_LIMIT, () -> answersLive() && breakerState().equals("CLOSED"));
	}

	/**
	 * Not yet, rather than the end of the run, while booksvc does not answer at all: a booksvc that a
	 * fault crashed is restarted by Docker, and the next cell starts once it is live again.
	 */
	private boolean answersLive() {
		try {
			return stack.get(stack.booksvc + "/books").source().equals("storagesvc");
		}
		catch (UncheckedIOException ex) {
			return false;
		}
	}

	/** booksvc's breaker state, "" when booksvc did not answer. */
	String breakerState() {
		try {
			return stack.breakerState();
		}
		catch (UncheckedIOException ex) {
			return "";
		}
	}

	/** storagesvc's count once it holds still for a second (waited for 10 s at most). */
	double settledBookRequests() {
		double last = storagesvcBookRequests();
		long limit = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (System.nanoTime() < limit) {
			Stack.pause(Duration.ofSeconds(1));
			double now = storagesvcBookRequests();
			if (now == last) {
				return now;
			}
			last = now;
		}
		return last;
	}

	/** Requests storagesvc has answered on /books and /books/{id}, as its own metrics count them. */
	double storagesvcBookRequests() {
		return stack.counter(stack.storagesvc, "http_server_requests_seconds_count", "uri=\"/books");
	}

}
