package com.example.benchmark;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * What each policy buys: booksvc restarted under each variant of its ablation.yml (all policies,
 * then one switched off at a time, then a naive client), and the same four faults run against
 * each. Answers are counted by kind, timed, and set against the calls storagesvc received.
 */
final class Ablation {

	/** A set of policies: the profiles that make it, "" for booksvc as it ships. */
	record Variant(String name, String profiles) {
	}

	static final List<Variant> VARIANTS = List.of(new Variant("all policies", ""), new Variant("no retry", "no-retry"),
			new Variant("no breaker", "no-breaker"), new Variant("no time limiter", "no-time-limiter"),
			new Variant("no bulkhead, no door", "no-bulkhead"), new Variant("no fallback", "no-fallback"),
			new Variant("naive", "naive"));

	enum Fault {

		DATABASE_STOPPED("database stopped under load", "database stopped"),
		SLOW_PEER("storagesvc answering after 1 s", "1 s peer"),
		FLAKY_PEER("storagesvc failing 30 % at random", "30 % failing"),
		FLOOD("flood of unknown ids", "unknown-id flood");

		final String title;

		/** Short, for the chart's axis. */
		final String label;

		Fault(String title, String label) {
			this.title = title;
			this.label = label;
		}

	}

	/** One fault against one variant: the answers, storagesvc's calls for them, how long until live again. */
	record Cell(Variant variant, Fault fault, List<Load.Answer> answers, double storagesvcCalls, double liveAgainSeconds) {

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

	/** The database's outage: stopped this long after the load starts, started again this long later. */
	private static final Duration STOP_AFTER = Duration.ofSeconds(3);

	private static final Duration DOWN_FOR = Duration.ofSeconds(8);

	/** Long enough for the breaker's wait (10 s) after the database is back, and then some. */
	private static final Duration OUTAGE_LOAD = STOP_AFTER.plus(DOWN_FOR).plusSeconds(14);

	private static final Duration FAULT_LOAD = Duration.ofSeconds(10);

	private static final Duration LIVE_AGAIN_LIMIT = Duration.ofSeconds(40);

	private final Stack stack;

	private final Load load = new Load();

	private final Random ids = new Random(42);

	Ablation(Stack stack) {
		this.stack = stack;
	}

	List<Cell> run() {
		List<Cell> cells = new ArrayList<>();
		for (Variant variant : VARIANTS) {
			stack.restartBooksvc(variant.profiles());
			for (Fault fault : Fault.values()) {
				cells.add(measure(variant, fault));
			}
		}
		stack.restartBooksvc("");
		return cells;
	}

	private Cell measure(Variant variant, Fault fault) {
		awaitLiveAndClosed();
		int restarts = stack.restarts("booksvc");
		double before = storagesvcBookRequests();
		List<Load.Answer> answers;
		double liveAgain;
		switch (fault) {
			case DATABASE_STOPPED -> {
				CompletableFuture<Long> startedAt = CompletableFuture.supplyAsync(() -> {
					Stack.pause(STOP_AFTER);
					stack.compose("stop", "database");
					Stack.pause(DOWN_FOR);
					long at = System.nanoTime();
					stack.compose("start", "database");
					return at;
				});
				long loadStart = System.nanoTime();
				answers = load.run(100, OUTAGE_LOAD, n -> stack.booksvc + "/books");
				long started = startedAt.join();
				long startedMillis = (started - loadStart) / 1_000_000;
				liveAgain = answers.stream().filter(a -> a.sentAt() >= startedMillis && a.live())
					.mapToLong(Load.Answer::sentAt).min()
					.stream().mapToDouble(at -> (at - startedMillis) / 1000.0)
					.findFirst()
					.orElseGet(() -> (System.nanoTime() - started) / 1e9 + awaitLive());
			}
			case SLOW_PEER -> {
				chaos("{\"failureRate\": 0, \"latency\": \"1s\", \"outage\": false}");
				answers = load.run(20, FAULT_LOAD, n -> stack.booksvc + "/books");
				liveAgain = recover();
			}
			case FLAKY_PEER -> {
				chaos("{\"failureRate\": 0.3, \"latency\": \"0ms\", \"outage\": false}");
				answers = load.run(100, FAULT_LOAD, n -> stack.booksvc + "/books");
				liveAgain = recover();
			}
			case FLOOD -> {
				answers = load.run(400, FAULT_LOAD, n -> stack.booksvc + "/books/" + (1_000_000 + ids.nextInt(1_000_000)));
				liveAgain = awaitLive();
			}
			default -> throw new IllegalStateException(fault.name());
		}
		int crashes = stack.restarts("booksvc") - restarts;
		if (crashes > 0) {
			System.out.printf("booksvc restarted %d time(s) under %s, %s (its answers meanwhile: no answer)%n", crashes,
					variant.name(), fault.label);
		}
		return new Cell(variant, fault, answers, storagesvcBookRequests() - before, liveAgain);
	}

	/** Chaos off, then seconds until booksvc answers live. */
	private double recover() {
		chaos("{\"failureRate\": 0, \"latency\": \"0ms\", \"outage\": false}");
		return awaitLive();
	}

	private void chaos(String settings) {
		stack.putJson(stack.storagesvc + "/chaos", settings);
	}

	private double awaitLive() {
		return Stack.await(LIVE_AGAIN_LIMIT, this::answersLive);
	}

	/** Each fault starts from the same place: booksvc answering live, its breaker closed, the answer cached. */
	private void awaitLiveAndClosed() {
		chaos("{\"failureRate\": 0, \"latency\": \"0ms\", \"outage\": false}");
		Stack.await(LIVE_AGAIN_LIMIT, () -> answersLive() && stack.breakerState().equals("CLOSED"));
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

	/** Requests storagesvc has answered on /books and /books/{id}, as its own metrics count them. */
	private double storagesvcBookRequests() {
		return stack.counter(stack.storagesvc, "http_server_requests_seconds_count", "uri=\"/books");
	}

}
