package com.example.benchmark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/** Response times and statuses of each load phase, as Gatling measured them. */
final class PhaseStats {

	private final Map<String, ConcurrentLinkedQueue<Response>> timed = new ConcurrentHashMap<>();

	/**
	 * One response: when its request was sent (epoch milliseconds), how long the answer took, its
	 * status, and booksvc's {@code X-Data-Source} (null without one).
	 */
	record Response(long sentAtMillis, int millis, int status, String source) {
	}

	private final Map<String, ConcurrentLinkedQueue<Integer>> failures = new ConcurrentHashMap<>();

	private final Map<String, Long> nanos = new ConcurrentHashMap<>();

	/** Responses of a phase counted by an outcome of their own ("404", "live", ...). */
	private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();

	void record(String phase, int responseMillis, int status) {
		record(phase, responseMillis, status, null);
	}

	void record(String phase, int responseMillis, int status, String source) {
		timed.computeIfAbsent(phase, p -> new ConcurrentLinkedQueue<>())
			.add(new Response(System.currentTimeMillis() - responseMillis, responseMillis, status, source));
		if (status < 200 || status > 299) {
			failures.computeIfAbsent(phase, p -> new ConcurrentLinkedQueue<>()).add(status);
		}
	}

	void tally(String phase, String outcome) {
		outcomes.computeIfAbsent(phase + "." + outcome, key -> new LongAdder()).increment();
	}

	long tallied(String phase, String outcome) {
		LongAdder count = outcomes.get(phase + "." + outcome);
		return count == null ? 0 : count.sum();
	}

	void started(String phase) {
		nanos.put(phase + ".start", System.nanoTime());
	}

	void ended(String phase) {
		nanos.put(phase + ".end", System.nanoTime());
	}

	int count(String phase) {
		return timed.getOrDefault(phase, new ConcurrentLinkedQueue<>()).size();
	}

	int failures(String phase) {
		return failures.getOrDefault(phase, new ConcurrentLinkedQueue<>()).size();
	}

	/** Requests per second over the phase's measured span. */
	double throughput(String phase) {
		double seconds = (nanos.get(phase + ".end") - nanos.get(phase + ".start")) / 1e9;
		return count(phase) / seconds;
	}

	int percentile(String phase, double percentile) {
		return percentile(sentBetween(phase, Long.MIN_VALUE, Long.MAX_VALUE), percentile);
	}

	/** The response times of the phase's requests sent in [from, to), epoch milliseconds. */
	List<Integer> sentBetween(String phase, long fromMillis, long toMillis) {
		return timed.getOrDefault(phase, new ConcurrentLinkedQueue<>())
			.stream()
			.filter(response -> response.sentAtMillis() >= fromMillis && response.sentAtMillis() < toMillis)
			.map(Response::millis)
			.toList();
	}

	List<Response> responses(String phase) {
		return List.copyOf(timed.getOrDefault(phase, new ConcurrentLinkedQueue<>()));
	}

	static int percentile(List<Integer> millis, double percentile) {
		List<Integer> sorted = new ArrayList<>(millis);
		if (sorted.isEmpty()) {
			return -1;
		}
		Collections.sort(sorted);
		return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100 * sorted.size()) - 1));
	}

}
