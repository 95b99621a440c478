package com.example.benchmark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * What each policy buys: booksvc restarted under each variant of its ablation.yml (all policies,
 * then one switched off at a time, then a naive client), and the same six faults ({@link Faults})
 * run against each. Answers are counted by kind, timed, and set against the calls storagesvc received.
 */
final class Ablation {

	/** A set of policies: the profiles that make it, "" for booksvc as it ships. */
	record Variant(String name, String profiles) {
	}

	static final List<Variant> VARIANTS = List.of(new Variant("all policies", ""), new Variant("no retry", "no-retry"),
			new Variant("no breaker", "no-breaker"), new Variant("no time limiter", "no-time-limiter"),
			new Variant("no bulkhead, no door", "no-bulkhead"), new Variant("no fallback", "no-fallback"),
			new Variant("naive", "naive"));

	/** booksvc as it ships: the set every other one is measured against. */
	static final Variant SHIPPED = VARIANTS.getFirst();

	/**
	 * The sets this run measures: every one, or the shipped one and those named in
	 * {@code -Dablation.sets} (their profiles, comma-separated), to try a change against them alone.
	 */
	static final List<Variant> SETS = VARIANTS.stream()
		.filter(variant -> variant.equals(SHIPPED) || named("ablation.sets", variant.profiles()))
		.toList();

	enum Fault {

		DATABASE_STOPPED("database stopped under load", "database stopped", false),
		SLOW_PEER("storagesvc answering after 1 s", "1 s peer", true),
		FLAKY_PEER("storagesvc failing 30 % at random", "30 % failing", true),
		NEVER_ANSWERING("storagesvc never answering, one caller", "never answering", false),
		SHEDDING("storagesvc shedding (4 in flight, 30 ms)", "shedding", true),
		FLOOD("flood of unknown ids", "unknown-id flood", false);

		final String title;

		/** Short, for the chart's axis. */
		final String label;

		/**
		 * Good answers are live ones only: storagesvc can answer through this fault. Otherwise every
		 * answer but a 503, another 5xx or none is good (a cached 200, a 404).
		 */
		final boolean liveOnly;

		Fault(String title, String label, boolean liveOnly) {
			this.title = title;
			this.label = label;
			this.liveOnly = liveOnly;
		}

	}

	/** The faults this run measures: every one, or those named in {@code -Dablation.faults} (e.g. FLOOD,SHEDDING). */
	static final List<Fault> FAULTS = Arrays.stream(Fault.values()).filter(fault -> named("ablation.faults", fault.name())).toList();

	private static boolean named(String property, String name) {
		String names = System.getProperty(property, "");
		return names.isBlank() || Arrays.asList(names.split(",")).contains(name);
	}

	/** storagesvc's book requests in flight at most while it sheds (as it ships: 20). */
	private static final int SHEDDING_LIMIT = 4;

	private final Stack stack;

	private final Faults faults;

	Ablation(Stack stack) {
		this.stack = stack;
		this.faults = new Faults(stack);
	}

	/**
	 * Every set, booksvc restarted and warmed for it, through every fault but the shedding one; then
	 * storagesvc restarted once with its low limit, every set through the shedding (booksvc restarted
	 * and warmed for each), and storagesvc restored: a restart of storagesvc per set would cost more
	 * than the fault. Cells in table order.
	 */
	List<Cell> run() {
		List<Cell> cells = new ArrayList<>();
		faults.warmStoragesvc(false);
		for (Variant variant : SETS) {
			if (FAULTS.stream().anyMatch(fault -> fault != Fault.SHEDDING)) {
				stack.restartBooksvc(variant.profiles());
				faults.warmBooksvc();
			}
			for (Fault fault : FAULTS) {
				if (fault != Fault.SHEDDING) {
					cells.add(measure(variant, fault));
				}
			}
		}
		if (FAULTS.contains(Fault.SHEDDING)) {
			stack.restartStoragesvc(SHEDDING_LIMIT);
			faults.warmStoragesvc(true);
			for (Variant variant : SETS) {
				stack.restartBooksvc(variant.profiles());
				faults.warmBooksvc();
				cells.add(measure(variant, Fault.SHEDDING));
			}
			stack.restartStoragesvcAsShipped();
		}
		stack.restartBooksvc("");
		cells.sort(Comparator.comparing((Cell cell) -> VARIANTS.indexOf(cell.variant()))
			.thenComparing(Cell::fault));
		return cells;
	}

	private Cell measure(Variant variant, Fault fault) {
		long start = System.nanoTime();
		int restarts = stack.restarts("booksvc");
		Cell cell = faults.measure(variant, fault);
		int crashes = stack.restarts("booksvc") - restarts;
		if (crashes > 0) {
			System.out.printf("booksvc restarted %d time(s) under %s, %s (its answers meanwhile: no answer)%n", crashes,
					variant.name(), fault.label);
		}
		System.out.printf("ablation: %s, %s: %.0f s%n", variant.name(), fault.label, (System.nanoTime() - start) / 1e9);
		return cell;
	}

}
