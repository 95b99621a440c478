package com.example.benchmark;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import com.example.benchmark.Ablation.Fault;
import com.example.benchmark.Ablation.Variant;

/**
 * The ablation's six faults, each from the same start: booksvc answering live, its breaker closed,
 * the answer cached. Every load and every wait has a limit of its own.
 */
final class Faults {

	/** The database's outage: stopped this long after the load starts, started again this long later. */
	private static final Duration STOP_AFTER = Duration.ofSeconds(3);

	private static final Duration DOWN_FOR = Duration.ofSeconds(8);

	/** Long enough for the breaker's wait (10 s) after the database is back, and then some. */
	private static final Duration OUTAGE_LOAD = STOP_AFTER.plus(DOWN_FOR).plusSeconds(14);

	private static final Duration FAULT_LOAD = Duration.ofSeconds(10);

	/** Long enough for the breaker to open by chance, as it did at 8 s in a run of this fault alone. */
	private static final Duration FLAKY_LOAD = Duration.ofSeconds(30);

	private static final Duration BREAKER_POLL = Duration.ofMillis(250);

	/** Past booksvc's latency budget (2 s): within it, storagesvc answers nothing. */
	private static final Duration NEVER = Duration.ofSeconds(10);

	private static final int NEVER_REQUESTS = 30;

	private static final Duration SHEDDING_LOAD = Duration.ofSeconds(15);

	private static final String SHEDDING_CHAOS = "{\"failureRate\": 0, \"latency\": \"30ms\", \"outage\": false}";

	private static final Duration WARM_FOR = Duration.ofSeconds(15);

	private static final Duration BOOKSVC_WARM = Duration.ofSeconds(10);

	private static final int FLOOD_RATE = 400;

	private static final Duration FLOOD_WARM = Duration.ofSeconds(5);

	private final Stack stack;

	private final Pair pair;

	private final Load load = new Load();

	private final Random ids = new Random(42);

	private final CachedBooks books;

	Faults(Stack stack) {
		this.stack = stack;
		this.pair = new Pair(stack);
		this.books = new CachedBooks(stack);
	}

	/**
	 * storagesvc just (re)created, warmed before the first set meets it, by the requests the faults
	 * send it, directly: else the first set, booksvc as it ships, met a cold storagesvc in every fault
	 * (30 % failing: its p99 46-52 ms, every other set's 24-37; the flood: 25-38 % answered 404,
	 * 60-99 % for the others in one of the two runs; shedding: 67.8 % live against 80.4 % warm, by
	 * hand). Its list, known and unknown books at 100 a second, then unknown ones at the flood's rate
	 * through booksvc; while it sheds, the shedding fault's own load.
	 */
	void warmStoragesvc(boolean shedding) {
		if (shedding) {
			pair.chaosOff();
			pair.fault(SHEDDING_CHAOS);
			load.callers(64, 300, WARM_FOR, n -> stack.storagesvc + "/books/" + books.id(n));
		}
		else {
			load.run(100, WARM_FOR, n -> stack.storagesvc + switch (n % 3) {
				case 0 -> "/books";
				case 1 -> "/books/" + books.id(n);
				default -> "/books/" + (1_000_000 + ids.nextInt(1_000_000));
			});
			// and the flood's rate, through the booksvc the stack started with (each set recreates it)
			load.run(FLOOD_RATE, FLOOD_WARM, n -> stack.booksvc + "/books/" + (1_000_000 + ids.nextInt(1_000_000)));
		}
		pair.chaosOff();
	}

	/**
	 * booksvc just (re)created for a set, warmed before a fault meets it: its known books and its list
	 * looked up through it at the shedding fault's rate, storagesvc answering at once. Cold, the
	 * shedding fault's p99 was the JIT's first seconds as much as the policies': 222-523 ms for the
	 * shipped set and 272-321 ms for no-time-limiter over three alternating rounds of the same code;
	 * warmed, 122-141 and 125-156 ms.
	 */
	void warmBooksvc() {
		pair.chaosOff();
		load.callers(64, 300, BOOKSVC_WARM, n -> stack.booksvc + (n % 10 == 0 ? "/books" : "/books/" + books.id(n)));
	}

	Cell measure(Variant variant, Fault fault) {
		pair.awaitLiveAndClosed();
		if (fault == Fault.SHEDDING) {
			books.warm();
		}
		double before = pair.storagesvcBookRequests();
		return switch (fault) {
			case DATABASE_STOPPED -> databaseStopped(variant, before);
			case SLOW_PEER -> {
				pair.fault("{\"failureRate\": 0, \"latency\": \"1s\", \"outage\": false}");
				List<Load.Answer> answers = load.run(20, FAULT_LOAD, n -> stack.booksvc + "/books");
				yield cell(variant, fault, answers, before, pair.recover(), Cell.Polls.NONE);
			}
			case FLAKY_PEER -> flakyPeer(variant, before);
			case NEVER_ANSWERING -> neverAnswering(variant, before);
			case SHEDDING -> {
				pair.fault(SHEDDING_CHAOS);
				List<Load.Answer> answers = load.callers(64, 300, SHEDDING_LOAD, n -> stack.booksvc + "/books/" + books.id(n));
				yield cell(variant, fault, answers, before, pair.recover(), Cell.Polls.NONE);
			}
			case FLOOD -> {
				List<Load.Answer> answers = load.run(FLOOD_RATE, FAULT_LOAD,
						n -> stack.booksvc + "/books/" + (1_000_000 + ids.nextInt(1_000_000)));
				yield cell(variant, fault, answers, before, pair.awaitLive(), Cell.Polls.NONE);
			}
		};
	}

	private Cell databaseStopped(Variant variant, double before) {
		CompletableFuture<Long> startedAt = CompletableFuture.supplyAsync(() -> {
			Stack.pause(STOP_AFTER);
			stack.compose("stop", "database");
			Stack.pause(DOWN_FOR);
			long at = System.nanoTime();
			stack.compose("start", "database");
			return at;
		});
		long loadStart = System.nanoTime();
		List<Load.Answer> answers = load.run(100, OUTAGE_LOAD, n -> stack.booksvc + "/books");
		long started = startedAt.join();
		long startedMillis = (started - loadStart) / 1_000_000;
		double liveAgain = answers.stream().filter(a -> a.sentAt() >= startedMillis && a.live())
			.mapToLong(Load.Answer::sentAt).min()
			.stream().mapToDouble(at -> (at - startedMillis) / 1000.0)
			.findFirst()
			.orElseGet(() -> (System.nanoTime() - started) / 1e9 + pair.awaitLive());
		return cell(variant, Fault.DATABASE_STOPPED, answers, before, liveAgain, Cell.Polls.NONE);
	}

	/** 30 % of storagesvc's answers 503 ({@code Retry-After: 0}), booksvc's breaker polled throughout. */
	private Cell flakyPeer(Variant variant, double before) {
		pair.fault("{\"failureRate\": 0.3, \"latency\": \"0ms\", \"outage\": false}");
		CompletableFuture<List<Load.Answer>> answers = CompletableFuture
			.supplyAsync(() -> load.run(100, FLAKY_LOAD, n -> stack.booksvc + "/books"));
		int polls = 0;
		int notClosed = 0;
		while (!answers.isDone()) {
			String state = pair.breakerState();
			if (!state.isEmpty()) {
				polls++;
				notClosed += state.equals("CLOSED") ? 0 : 1;
			}
			Stack.pause(BREAKER_POLL);
		}
		return cell(variant, Fault.FLAKY_PEER, answers.join(), before, pair.recover(), new Cell.Polls(polls, notClosed));
	}

	/**
	 * One caller against a storagesvc that answers nothing within the budget. storagesvc counts a
	 * request when it ends, after its chaos sleep, so its count is read once every attempt booksvc
	 * made before the chaos was switched off has slept it out.
	 */
	private Cell neverAnswering(Variant variant, double before) {
		pair.fault("{\"failureRate\": 0, \"latency\": \"" + NEVER.toSeconds() + "s\", \"outage\": false}");
		List<Load.Answer> answers = load.oneCaller(NEVER_REQUESTS, n -> stack.booksvc + "/books");
		long answered = System.nanoTime();
		pair.chaosOff();
		Stack.pause(NEVER.plusSeconds(1).minusNanos(System.nanoTime() - answered));
		double calls = pair.settledBookRequests() - before;
		double liveAgain = pair.awaitLive();
		return new Cell(variant, Fault.NEVER_ANSWERING, answers, calls, liveAgain, Cell.Polls.NONE);
	}

	private Cell cell(Variant variant, Fault fault, List<Load.Answer> answers, double before, double liveAgain,
			Cell.Polls breaker) {
		return new Cell(variant, fault, answers, pair.storagesvcBookRequests() - before, liveAgain, breaker);
	}

}
