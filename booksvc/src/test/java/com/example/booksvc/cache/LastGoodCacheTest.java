package com.example.booksvc.cache;

import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.example.booksvc.SettableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The writer's queue (issue 34, item 4): one write per key waits at most, the queue is bounded, and a
 * write that does not fit is dropped and counted without leaving its key stuck.
 */
class LastGoodCacheTest {

	private final MeterRegistry meters = new SimpleMeterRegistry();

	private final CacheFixture redis = new CacheFixture();

	private final LastGoodCache cache = redis.cache(CacheFixture.JSON, new SettableClock(), meters);

	@AfterEach
	void stop() {
		redis.openGate();
		redis.writer.shutdownNow();
	}

	@Test
	void aNewerAnswerReplacesTheWaitingOne() {
		cache.remember("first", "a", Instant.EPOCH, this::fail);
		await().until(() -> redis.writer.started() == 1);

		for (int answer = 0; answer < 100; answer++) {
			cache.remember("book:1", "answer " + answer, Instant.EPOCH.plusSeconds(answer), this::fail);
		}

		assertThat(redis.writer.waiting()).isEqualTo(1);
		redis.openGate();
		await().atMost(Duration.ofSeconds(5)).until(() -> redis.stored.containsKey(CacheFixture.KEY_PREFIX + "book:1"));
		assertThat(redis.stored.get(CacheFixture.KEY_PREFIX + "book:1")).contains("answer 99");
	}

	@Test
	void aWriteThatDoesNotFitIsDroppedCountedAndItsKeyFreed() {
		// given: the writer busy, its queue full
		cache.remember("first", "a", Instant.EPOCH, this::fail);
		await().until(() -> redis.writer.started() == 1);
		for (int key = 0; key < CacheFixture.WRITE_QUEUE; key++) {
			cache.remember("book:" + key, "b", Instant.EPOCH, this::fail);
		}
		assertThat(redis.writer.waiting()).isEqualTo(CacheFixture.WRITE_QUEUE);

		// when: one more key
		cache.remember("books", "dropped", Instant.EPOCH, failure -> { });

		// then: dropped and counted
		assertThat(redis.writer.waiting()).isEqualTo(CacheFixture.WRITE_QUEUE);
		assertThat(meters.counter("booksvc.cache.errors", "operation", "dropped").count()).isEqualTo(1);

		// and once the writer catches up, the key is written again: the dropped write left nothing behind
		redis.openGate();
		await().atMost(Duration.ofSeconds(5)).until(() -> redis.writer.waiting() == 0);
		cache.remember("books", "kept", Instant.EPOCH, this::fail);
		await().atMost(Duration.ofSeconds(5)).until(() -> redis.stored.containsKey(CacheFixture.KEY_PREFIX + "books"));
		assertThat(redis.stored.get(CacheFixture.KEY_PREFIX + "books")).contains("kept");
	}

	private void fail(Exception failure) {
		throw new AssertionError("write failed", failure);
	}

}
