package com.example.storagesvc.shedding;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Counts shed requests and reports the count at most once per interval: under the overload that
 * sheds thousands of requests a second, a line per request would add to the load and bury the log.
 * The first shed request is reported at once, so the log shows when shedding starts.
 */
final class ShedLog {

	private final long intervalNanos;

	private final LongSupplier nanoTime;

	private final LongConsumer report;

	private final AtomicLong unreported = new AtomicLong();

	private final AtomicLong nextReport;

	ShedLog(Duration interval, LongSupplier nanoTime, LongConsumer report) {
		this.intervalNanos = interval.toNanos();
		this.nanoTime = nanoTime;
		this.report = report;
		this.nextReport = new AtomicLong(nanoTime.getAsLong());
	}

	void shed() {
		unreported.incrementAndGet();
		long now = nanoTime.getAsLong();
		long next = nextReport.get();
		// Only the thread that moves the deadline on reports; the others have only counted.
		if (now - next >= 0 && nextReport.compareAndSet(next, now + intervalNanos)) {
			report.accept(unreported.getAndSet(0));
		}
	}

}
