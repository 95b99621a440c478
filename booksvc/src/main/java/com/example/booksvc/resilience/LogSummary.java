package com.example.booksvc.resilience;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One log line per reason at most once per interval, saying how many occurrences it stands for. A
 * flood of distinct requests (answer reuse cannot share those) would otherwise write a line each:
 * an event deserves a line, a request does not. The occurrences after the last line are told by the
 * next one.
 */
public final class LogSummary {

	private final Duration interval;

	private final Clock clock;

	private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

	private record Window(Instant lastLine, long unreported) {
	}

	public LogSummary(Duration interval, Clock clock) {
		this.interval = interval;
		this.clock = clock;
	}

	/**
	 * Counts one occurrence of the reason. Returns how many occurrences a line written now stands
	 * for (this one and those not reported yet), or 0 if no line is due.
	 */
	public long occurrence(String reason) {
		Instant now = clock.instant();
		long[] due = { 0 };
		windows.compute(reason, (key, window) -> {
			if (window == null || !now.isBefore(window.lastLine().plus(interval))) {
				due[0] = (window == null) ? 1 : window.unreported() + 1;
				return new Window(now, 0);
			}
			return new Window(window.lastLine(), window.unreported() + 1);
		});
		return due[0];
	}

}
