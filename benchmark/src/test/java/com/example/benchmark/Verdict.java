package com.example.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.example.benchmark.Ablation.Fault;

/**
 * The ablation's verdict on booksvc as it ships (issue 35): on no fault may another set of policies
 * beat it, and on four faults it must meet a minimum of its own.
 */
final class Verdict {

	/** Good answers, in percentage points: "no worse" allows this many fewer, "better" needs this many more. */
	private static final double POINTS = 2;

	/** p99: "faster" is at least 20 % and 10 ms lower; "no slower" at most 20 % higher. */
	private static final double FASTER = 0.8;

	private static final double FASTER_MILLIS = 10;

	private static final double NO_SLOWER = 1.2;

	/** A minimum met or not, and the figures it was judged on. */
	record Minimum(boolean met, String text) {

		@Override
		public String toString() {
			return (met ? "PASS " : "FAIL ") + text;
		}

	}

	private final List<Cell> cells;

	Verdict(List<Cell> cells) {
		this.cells = cells;
	}

	/**
	 * {@code challenger} beats {@code shipped} when it is no worse on one measure and clearly better
	 * on the other: good answers at most 2 points fewer and a p99 at least 20 % (and 10 ms) lower; or
	 * at least 2 points more good answers and a p99 at most 20 % higher.
	 */
	static boolean beats(Cell challenger, Cell shipped) {
		double good = 100 * challenger.goodShare();
		double shippedGood = 100 * shipped.goodShare();
		double p99 = challenger.percentile(0.99);
		double shippedP99 = shipped.percentile(0.99);
		boolean faster = good >= shippedGood - POINTS && p99 <= FASTER * shippedP99 && p99 <= shippedP99 - FASTER_MILLIS;
		boolean better = good >= shippedGood + POINTS && p99 <= NO_SLOWER * shippedP99;
		return faster || better;
	}

	/** The sets that beat the shipped one on this fault. */
	List<String> beatenBy(Fault fault) {
		Cell shipped = shipped(fault);
		return cells.stream()
			.filter(cell -> cell.fault() == fault && !cell.variant().equals(Ablation.SHIPPED) && beats(cell, shipped))
			.map(cell -> cell.variant().name())
			.toList();
	}

	/** The shipped set's minimum on this fault, if it has one. */
	Optional<Minimum> minimum(Fault fault) {
		Cell shipped = shipped(fault);
		return switch (fault) {
			case FLAKY_PEER -> Optional.of(new Minimum(shipped.breaker().notClosed() == 0 && shipped.goodShare() >= 0.95,
					String.format(Locale.ROOT, "%s, %.1f %% live (needs: never seen open, ≥ 95 %%)",
							shipped.breaker().notClosed() == 0 ? "breaker never seen open" : figure(shipped),
							100 * shipped.goodShare())));
			case NEVER_ANSWERING -> Optional.of(new Minimum(
					shipped.amplification() <= 1.1 && shipped.maxMillisAfter(5) <= 100,
					figure(shipped) + " (needs: ≤ 1.1, ≤ 100 ms)"));
			case SHEDDING -> Optional.of(new Minimum(shipped.count("503") <= 0.05 * shipped.answers().size(),
					figure(shipped) + " (needs: ≤ 5 %)"));
			case DATABASE_STOPPED -> Optional.of(new Minimum(shipped.count("503") == 0, figure(shipped) + " (needs: none)"));
			case SLOW_PEER, FLOOD -> Optional.empty();
		};
	}

	/** What the fault's minimum is judged on, for any set: "" where it has none. */
	static String figure(Cell cell) {
		return switch (cell.fault()) {
			case FLAKY_PEER -> String.format(Locale.ROOT, "breaker not closed in %d of %d polls", cell.breaker().notClosed(),
					cell.breaker().polls());
			case NEVER_ANSWERING -> String.format(Locale.ROOT, "%.2f storagesvc attempts a request, after the 5th max %.0f ms",
					cell.amplification(), cell.maxMillisAfter(5));
			case SHEDDING -> String.format(Locale.ROOT, "%.1f %% answered 503", 100.0 * cell.count("503") / cell.answers().size());
			case DATABASE_STOPPED -> cell.count("503") + " answered 503";
			case SLOW_PEER, FLOOD -> "";
		};
	}

	/** Every reason the shipped set fails: each fault it is beaten on, each minimum it misses. */
	List<String> failures() {
		List<String> failures = new ArrayList<>();
		for (Fault fault : Ablation.FAULTS) {
			List<String> beatenBy = beatenBy(fault);
			if (!beatenBy.isEmpty()) {
				failures.add(fault.title + ": all policies beaten by " + String.join(", ", beatenBy));
			}
			minimum(fault).filter(minimum -> !minimum.met())
				.ifPresent(minimum -> failures.add(fault.title + ": minimum missed, " + minimum.text()));
		}
		return failures;
	}

	private Cell shipped(Fault fault) {
		return cells.stream()
			.filter(cell -> cell.fault() == fault && cell.variant().equals(Ablation.SHIPPED))
			.findFirst()
			.orElseThrow();
	}

}
