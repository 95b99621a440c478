package com.example.booksvc.catalog;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.example.booksvc.SettableClock;
import com.example.booksvc.cache.CacheFixture;
import com.example.booksvc.resilience.StoragesvcBreaker;
import com.example.booksvc.storagesvc.Book;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/**
 * What storagesvc's 404s cost the cache (issue 34, item 4): none for a book this booksvc never saw;
 * for books gone while Redis is slow (its commands wait behind a gate the test opens), bounded
 * queued work, one check per id at most, each without parsing the cached list again; what does not
 * fit is dropped and counted.
 */
class ForgetBookTest {

	private static final int FLOOD = 10_000;

	private static final Book EMMA = new Book(2, "Emma", "Jane Austen", "9780141439587", 1815, null);

	private final SettableClock clock = new SettableClock();

	private final MeterRegistry meters = new SimpleMeterRegistry();

	private final ExecutorService fallbacks = Executors.newVirtualThreadPerTaskExecutor();

	private final CacheFixture redis = new CacheFixture();

	private final ObjectMapper json = spy(CacheFixture.JSON);

	private final SeenBooks seen = new SeenBooks();

	private final LastGoodAnswers answers = new LastGoodAnswers(redis.cache(json, clock, meters), seen,
			mock(StoragesvcBreaker.class), fallbacks, clock, meters);

	@AfterEach
	void stop() {
		redis.openGate();
		redis.writer.shutdownNow();
		fallbacks.shutdownNow();
	}

	@Test
	void aFloodOfIdsThisBooksvcNeverSawCostsTheCacheNothing() {
		for (long id = 1; id <= FLOOD; id++) {
			answers.forgetBook(id);
		}

		assertThat(redis.writer.started()).isZero();
		assertThat(redis.writer.waiting()).isZero();
		assertThat(redis.reads).hasValue(0);
		assertThat(dropped()).isZero();
	}

	@Test
	void aFloodOfBooksGoneQueuesBoundedWorkAndCountsWhatIsDropped() {
		// given: books it has seen, and the writer's first check waits for Redis
		seenBooks(1, FLOOD);
		answers.forgetBook(1);
		await().until(() -> redis.writer.started() == 1);

		// when: a flood of distinct ids gone
		for (long id = 2; id <= FLOOD; id++) {
			answers.forgetBook(id);
		}

		// then: the checks hold at most their share of the queue, the rest dropped and counted
		int queued = redis.writer.waiting();
		assertThat(queued).as("checks queued").isLessThanOrEqualTo(CacheFixture.WRITE_QUEUE / 2);
		assertThat(dropped()).isEqualTo(FLOOD - 1 - queued);

		// and a live answer still finds room, and is written once Redis answers
		answers.rememberBooks(List.of(EMMA));
		assertThat(dropped()).isEqualTo(FLOOD - 1 - queued);
		redis.openGate();
		await().atMost(Duration.ofSeconds(5)).until(() -> redis.stored.containsKey(CacheFixture.KEY_PREFIX + "books"));
	}

	@Test
	void aFloodOfOneBookGoneIsOneCheck() {
		seenBooks(1, 1);
		seenBooks(7, 7);
		answers.forgetBook(1);
		await().until(() -> redis.writer.started() == 1);

		for (int i = 0; i < 1000; i++) {
			answers.forgetBook(7);
		}

		assertThat(redis.writer.waiting()).isEqualTo(1);
		redis.openGate();
		await().atMost(Duration.ofSeconds(5)).until(() -> redis.writer.waiting() == 0);
		// the first id's check, then one for id 7
		await().atMost(Duration.ofSeconds(5)).until(() -> redis.reads.get() == 2);
		assertThat(dropped()).isZero();
	}

	@Test
	void checksReadTheCachedListButParseItOncePerVersion() throws Exception {
		// given: the list with Emma cached
		redis.openGate();
		answers.rememberBooks(List.of(EMMA));
		await().atMost(Duration.ofSeconds(5)).until(() -> redis.stored.containsKey(CacheFixture.KEY_PREFIX + "books"));
		String list = redis.stored.get(CacheFixture.KEY_PREFIX + "books");

		// when: 500 other books it has seen, then Emma, are not found (one at a time: none dropped)
		seenBooks(100, 599);
		clock.advance(Duration.ofSeconds(1));
		for (long id = 100; id < 600; id++) {
			answers.forgetBook(id);
			await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).until(() -> redis.writer.waiting() == 0);
		}
		answers.forgetBook(EMMA.id());
		await().atMost(Duration.ofSeconds(5)).until(() -> redis.stored.containsKey(CacheFixture.KEY_PREFIX + "book:2"));

		// then: 501 checks read the list, and parsed it once; nothing written for an id the cache did
		// not know, Emma marked gone as of the 404
		assertThat(redis.reads).hasValue(501);
		assertThat(dropped()).isZero();
		verify(json, times(1)).readValue(eq(list), any(JavaType.class));
		assertThat(redis.stored.keySet()).containsExactlyInAnyOrder(CacheFixture.KEY_PREFIX + "books",
				CacheFixture.KEY_PREFIX + "book:2");
		assertThat(redis.stored.get(CacheFixture.KEY_PREFIX + "book:2"))
			.isEqualTo("{\"value\":null,\"fetchedAt\":\"1970-01-01T00:00:01Z\"}");
	}

	private void seenBooks(long first, long last) {
		for (long id = first; id <= last; id++) {
			seen.saw(new Book(id, "Emma", "Jane Austen", "9780141439587", 1815, null));
		}
	}

	private double dropped() {
		return meters.counter("booksvc.cache.errors", "operation", "dropped").count();
	}

}
