package com.example.benchmark;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Unknown book ids faster than storagesvc can serve them, beside the healthy {@code GET /}: booksvc's
 * breaker state over the flood (polled, and the calls it did not permit, from booksvc's metrics),
 * what storagesvc saw of it, and how long after the flood {@code GET /} answers live again.
 */
final class Flood {

	/**
	 * Ids 1 000 001 to 2 000 000, each at most once per 1 000 000 requests: a multiplier coprime with
	 * 10^6 permutes them. Above the books the database holds, so that none is found.
	 */
	private static final int IDS = 1_000_000;

	private static final long STRIDE = 611_953;

	private final Stack stack;

	private final AtomicLong sent = new AtomicLong(ThreadLocalRandom.current().nextInt(IDS));

	/** Breaker state → how many polls saw it. */
	private final Map<String, Integer> breakerStates = new TreeMap<>();

	private final List<PhaseChart.BreakerSample> breakerSamples = new ArrayList<>();

	private long startedAt;

	private long endedAt;

	private double notPermitted;

	private double storagesvcRequests;

	private double storagesvcShed;

	private double storagesvcSeconds;

	private double liveAgainSeconds = Double.NaN;

	Flood(Stack stack) {
		this.stack = stack;
	}

	/** A distinct id for each flood request, none of them a book. */
	long nextId() {
		return IDS + 1 + sent.getAndIncrement() * STRIDE % IDS;
	}

	/** Starts from a closed breaker and a live answer, so the flood alone decides what follows. */
	void ready() {
		Stack.await(Duration.ofSeconds(30), () -> live() && breakerState().equals("CLOSED"));
	}

	/** Polls the breaker (about every 100–250 ms, as {@link Stack#await} does) for the flood's duration. */
	void watch(Duration flood) {
		notPermitted = -notPermittedCalls();
		storagesvcRequests = -bookRequests();
		storagesvcShed = -shed();
		storagesvcSeconds = -stack.counter(stack.storagesvc, "http_server_requests_seconds_sum", "uri=\"/books/{id}\"");
		startedAt = System.currentTimeMillis();
		long end = System.nanoTime() + flood.toNanos();
		Stack.await(flood.plusSeconds(10), () -> {
			String state = breakerState();
			breakerStates.merge(state, 1, Integer::sum);
			breakerSamples.add(new PhaseChart.BreakerSample(System.currentTimeMillis(), state));
			return System.nanoTime() >= end;
		});
	}

	/** Right after the flood's last answer: time until {@code GET /} is live again; then the counters' deltas. */
	void over() {
		endedAt = System.currentTimeMillis();
		try {
			liveAgainSeconds = Stack.await(Duration.ofSeconds(30), this::live);
		}
		catch (IllegalStateException notLiveWithin30Seconds) {
			// stays NaN: the row fails, and the counters below are still read
		}
		try {
			notPermitted += notPermittedCalls();
			storagesvcRequests += bookRequests();
			storagesvcShed += shed();
			storagesvcSeconds += stack.counter(stack.storagesvc, "http_server_requests_seconds_sum", "uri=\"/books/{id}\"");
		}
		catch (UncheckedIOException unreachable) {
			// a service that does not answer after the flood has no figures to give: none are made up
			notPermitted = storagesvcRequests = storagesvcShed = storagesvcSeconds = Double.NaN;
		}
	}

	/** Epoch milliseconds: the flood's first poll, and the moment after its last answer. */
	long startedAt() {
		return startedAt;
	}

	long endedAt() {
		return endedAt;
	}

	List<PhaseChart.BreakerSample> breakerSamples() {
		return List.copyOf(breakerSamples);
	}

	Map<String, Integer> breakerStates() {
		return breakerStates;
	}

	boolean breakerAlwaysClosed() {
		return breakerStates.keySet().equals(Set.of("CLOSED")) && notPermitted == 0;
	}

	double notPermitted() {
		return notPermitted;
	}

	double storagesvcRequests() {
		return storagesvcRequests;
	}

	double storagesvcShed() {
		return storagesvcShed;
	}

	/** Mean time storagesvc took over its {@code /books/{id}} answers, in milliseconds. */
	double storagesvcMeanMillis() {
		return storagesvcRequests == 0 ? Double.NaN : 1000 * storagesvcSeconds / storagesvcRequests;
	}

	double liveAgainSeconds() {
		return liveAgainSeconds;
	}

	/** A refused or reset connection (booksvc overwhelmed) is an answer too: not live. */
	private boolean live() {
		try {
			return stack.get(stack.booksvc + "/").source().equals("storagesvc");
		}
		catch (UncheckedIOException ex) {
			return false;
		}
	}

	/** The breaker's state, or "unreachable" when booksvc does not answer the poll (never counted as closed). */
	private String breakerState() {
		try {
			return stack.breakerState();
		}
		catch (UncheckedIOException ex) {
			return "unreachable";
		}
	}

	private double notPermittedCalls() {
		return stack.counter(stack.booksvc, "resilience4j_circuitbreaker_not_permitted_calls_total", "name=\"storagesvc\"");
	}

	/** Book requests storagesvc served (its 404s included): the shed ones never reach a handler, so have no uri. */
	private double bookRequests() {
		return stack.counter(stack.storagesvc, "http_server_requests_seconds_count", "uri=\"/books/{id}\"");
	}

	/** storagesvc's 503s, whatever the uri: only its load shedding answers that with the database up. */
	private double shed() {
		return stack.counter(stack.storagesvc, "http_server_requests_seconds_count", "status=\"503\"");
	}

}
