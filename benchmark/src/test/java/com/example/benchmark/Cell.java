package com.example.benchmark;

import java.util.Comparator;
import java.util.List;

import com.example.benchmark.Ablation.Fault;
import com.example.benchmark.Ablation.Variant;

/**
 * One fault against one set of policies: the answers, storagesvc's calls for them, how long until
 * live again, and booksvc's breaker as polled during the load (only where the fault polls it).
 */
record Cell(Variant variant, Fault fault, List<Load.Answer> answers, double storagesvcCalls, double liveAgainSeconds,
		Polls breaker) {

	/** How many polls read booksvc's breaker state, and how many of them saw it not CLOSED. */
	record Polls(int polls, int notClosed) {

		static final Polls NONE = new Polls(0, 0);

	}

	long count(String kind) {
		return answers.stream().filter(a -> kind(a).equals(kind)).count();
	}

	double percentile(double p) {
		List<Double> millis = answers.stream().map(Load.Answer::millis).sorted(Comparator.naturalOrder()).toList();
		return millis.isEmpty() ? Double.NaN : millis.get((int) Math.min(millis.size() - 1, Math.ceil(p * millis.size()) - 1));
	}

	double amplification() {
		return storagesvcCalls / answers.size();
	}

	/**
	 * The share of good answers, 0 to 1: live ones where the fault leaves storagesvc able to answer,
	 * else every answer but a 503, another 5xx or none (a 404 and a cached 200 are answers).
	 */
	double goodShare() {
		long good = fault.liveOnly ? count("live")
				: answers.size() - count("503") - count("other 5xx") - count("no answer");
		return answers.isEmpty() ? 0 : (double) good / answers.size();
	}

	/** The share of answers that failed the caller: 503, other 5xx, or none. */
	double failedShare() {
		return answers.isEmpty() ? 0
				: (double) (count("503") + count("other 5xx") + count("no answer")) / answers.size();
	}

	/** The slowest answer to the requests sent after the first {@code skipped}, in ms (0 if none). */
	double maxMillisAfter(int skipped) {
		return answers.stream()
			.sorted(Comparator.comparingLong(Load.Answer::sentAt))
			.skip(skipped)
			.mapToDouble(Load.Answer::millis)
			.max()
			.orElse(0);
	}

	/** live, cache, 503, 404, other 5xx, other, no answer */
	static String kind(Load.Answer answer) {
		if (answer.status() == 0) {
			return "no answer";
		}
		if (answer.status() == 200) {
			return "storagesvc".equals(answer.source()) ? "live" : "cache";
		}
		if (answer.status() == 503 || answer.status() == 404) {
			return String.valueOf(answer.status());
		}
		return (answer.status() >= 500) ? "other 5xx" : "other";
	}

}
