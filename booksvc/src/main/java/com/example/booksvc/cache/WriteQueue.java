package com.example.booksvc.cache;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import io.micrometer.core.instrument.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.example.booksvc.resilience.LogSummary;

/**
 * The writes waiting for the cache's one writer: at most one per key (a newer write for a key
 * replaces the waiting one), and as many keys as the writer's bounded queue holds, "no such book"
 * checks in half of it at most so that a flood of unknown ids cannot crowd out answers. A write that
 * finds no room is dropped whole, counted, and its key freed: the next write for it is queued again.
 */
final class WriteQueue {

	private static final Logger log = LoggerFactory.getLogger(WriteQueue.class);

	/** A write; with a check, made only if the check still says so when the writer gets to it. */
	record Write(CacheEntry<?> entry, BooleanSupplier check, Consumer<Exception> onFailure) {

		/** A check that replaces a waiting write needs none: the cache was about to hold an answer for the key. */
		Write replacing(Write waiting) {
			return (check != null && waiting != null && waiting.check() == null) ? new Write(entry, null, onFailure)
					: this;
		}

	}

	private final ExecutorService writer;

	private final BiConsumer<String, Write> write;

	private final Map<String, Write> waiting = new ConcurrentHashMap<>();

	private final AtomicInteger checksWaiting = new AtomicInteger();

	private final int maxChecksWaiting;

	private final Counter dropped;

	private final LogSummary dropLines;

	/** {@code write} runs on {@code writer}, whose queue holds {@code capacity} tasks. */
	WriteQueue(ExecutorService writer, int capacity, BiConsumer<String, Write> write, Counter dropped, Clock clock) {
		this.writer = writer;
		this.maxChecksWaiting = capacity / 2;
		this.write = write;
		this.dropped = dropped;
		this.dropLines = new LogSummary(Duration.ofSeconds(1), clock);
	}

	void submit(String key, Write next) {
		// A check takes its share of the queue before it adds a waiting write: refused, it removes
		// none, so a write for the key merged in meanwhile is not dropped with it. One that joins a
		// write already waiting needs no share.
		boolean check = next.check() != null;
		if (check && checksWaiting.incrementAndGet() > maxChecksWaiting) {
			checksWaiting.decrementAndGet();
			if (waiting.computeIfPresent(key, (k, current) -> next.replacing(current)) == null) {
				countDropped(key);
			}
			return;
		}
		boolean[] queued = { false };
		waiting.compute(key, (k, current) -> {
			queued[0] = current == null;
			return next.replacing(current);
		});
		if (!queued[0]) {
			if (check) {
				checksWaiting.decrementAndGet();
			}
			return;
		}
		try {
			writer.execute(() -> {
				if (check) {
					checksWaiting.decrementAndGet();
				}
				write.accept(key, waiting.remove(key));
			});
		}
		catch (RejectedExecutionException ex) {
			if (check) {
				checksWaiting.decrementAndGet();
			}
			drop(key);
		}
	}

	private void drop(String key) {
		waiting.remove(key);
		countDropped(key);
	}

	private void countDropped(String key) {
		dropped.increment();
		long drops = dropLines.occurrence("dropped");
		if (drops > 0) {
			log.warn("Cache writer behind, no room in its queue: write of '{}' dropped, Redis keeps what it had for "
					+ "the key (x{} since the last such line)", key, drops);
		}
	}

}
