package com.example.booksvc.cache;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * The last good answer for each key, in Redis, as JSON. Redis is optional: a failed read is a miss,
 * a failed write is dropped; both are counted, neither reaches the caller. An entry that is not
 * what booksvc would have written (see {@link CacheLookup}) is a miss too, counted as rejected:
 * whatever Redis holds, the cache never answers wrong. Writes run on a background writer, so a live
 * answer never waits for Redis; its queue is bounded ({@code booksvc.cache.write-queue}), and a write
 * that finds it full is dropped and counted ({@code booksvc.cache.errors{operation=dropped}}). Every
 * command passes the breaker {@value #REDIS}: a Redis that hangs instead of refusing, or whose
 * connects hang, costs a few timed-out commands or connects, then none until it answers again.
 */
@Component
public class LastGoodCache {

	static final String REDIS = "redis";

	private static final Logger log = LoggerFactory.getLogger(LastGoodCache.class);

	private final StringRedisTemplate redis;

	private final CacheEntryReader entries;

	private final ObjectMapper json;

	private final CacheProperties properties;

	private final CircuitBreaker breaker;

	private final WriteQueue writes;

	private final Counter readErrors;

	private final Counter writeErrors;

	LastGoodCache(StringRedisTemplate redis, ObjectMapper json, CacheProperties properties, Clock clock,
			@Qualifier("cacheWriter") ExecutorService writer, CircuitBreakerRegistry breakers, MeterRegistry meters) {
		this.redis = redis;
		this.entries = new CacheEntryReader(json, properties.maxStaleness(), clock, meters);
		this.json = json;
		this.properties = properties;
		this.breaker = breakers.circuitBreaker(REDIS);
		this.readErrors = errorCounter(meters, "read");
		this.writeErrors = errorCounter(meters, "write");
		this.writes = new WriteQueue(writer, properties.writeQueue(), this::write, errorCounter(meters, "dropped"), clock);
	}

	/**
	 * Connects at start: a cold client's first connection is slow, and the first good answer
	 * should not race it. Redis being away is fine; the cache starts working when it comes.
	 */
	@EventListener(ApplicationReadyEvent.class)
	void connect() {
		try {
			redis.execute(RedisConnection::ping);
			log.info("Cache ready: Redis answers");
		}
		catch (DataAccessException ex) {
			log.warn("Redis not reachable at start, serving without a cache until it is: {}", ex.getMessage());
		}
	}

	/**
	 * Stores a validated good answer, in the background. A newer answer for the key arriving before
	 * the writer gets to it replaces the pending one: Redis gets the newest answer with the time it
	 * was really fetched, and the pending work is one entry per key, however many answers come. A
	 * {@code null} value records that storagesvc has nothing under the key, as of {@code fetchedAt}.
	 */
	public void remember(String key, Object value, Instant fetchedAt, Consumer<Exception> onWriteFailure) {
		writes.submit(key, new WriteQueue.Write(new CacheEntry<>(value, fetchedAt), null, onWriteFailure));
	}

	/**
	 * Records that storagesvc had nothing under the key as of {@code notFoundAt}, in the background,
	 * if the cache would otherwise still serve something for it: {@code stillServed} is asked on the
	 * writer, once the writes waiting now are in Redis. Waits like {@link #remember}, one per key; a
	 * flood of distinct keys takes at most half the writer's queue, the rest is dropped.
	 */
	public void forget(String key, Instant notFoundAt, BooleanSupplier stillServed, Consumer<Exception> onWriteFailure) {
		writes.submit(key, new WriteQueue.Write(new CacheEntry<>(null, notFoundAt), stillServed, onWriteFailure));
	}

	/** One valid entry, or empty. */
	public <T> Optional<CacheEntry<T>> recall(CacheLookup<T> lookup) {
		return recallAll(List.of(lookup)).get(0).map(lookup::cast);
	}

	/**
	 * The valid entries Redis holds for the keys, in order, read with one command: a fallback waits
	 * for Redis once at most. Redis is asked every time (an entry deleted or expired there is gone
	 * here too).
	 */
	public List<Optional<CacheEntry<?>>> recallAll(List<? extends CacheLookup<?>> lookups) {
		List<String> keys = lookups.stream().map(lookup -> properties.keyPrefix() + lookup.key()).toList();
		List<String> stored;
		try {
			stored = breaker.executeSupplier(() -> redis.opsForValue().multiGet(keys));
		}
		catch (CallNotPermittedException ex) {
			return misses(lookups.size());
		}
		catch (DataAccessException ex) {
			readErrors.increment();
			log.warn("Cache read of {} failed, treating it as a miss: {}", keys, ex.getMessage());
			return misses(lookups.size());
		}
		List<Optional<CacheEntry<?>>> found = new ArrayList<>(lookups.size());
		for (int i = 0; i < lookups.size(); i++) {
			found.add(stored == null ? Optional.empty() : entries.read(lookups.get(i), stored.get(i)));
		}
		return found;
	}

	private void write(String key, WriteQueue.Write write) {
		if (write.check() != null && !write.check().getAsBoolean()) {
			return;
		}
		try {
			String entry = json.writeValueAsString(write.entry());
			breaker.executeRunnable(() -> redis.opsForValue().set(properties.keyPrefix() + key, entry, properties.maxStaleness()));
		}
		catch (CallNotPermittedException | DataAccessException | JsonProcessingException ex) {
			writeErrors.increment();
			write.onFailure().accept(ex);
		}
	}

	private static List<Optional<CacheEntry<?>>> misses(int count) {
		return new ArrayList<>(Collections.nCopies(count, Optional.empty()));
	}

	private static Counter errorCounter(MeterRegistry meters, String operation) {
		return Counter.builder("booksvc.cache.errors")
			.description("Redis operations of the last-good cache that failed")
			.tag("operation", operation)
			.register(meters);
	}

}
