package com.example.booksvc.cache;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * a failed write is dropped; both are counted, neither reaches the caller. A failed read is logged
 * here, a failed write is handed to whoever asked for it, who knows the story it belongs to. Writes
 * run on a background writer, so a live answer never waits for Redis.
 */
@Component
public class LastGoodCache {

	private static final Logger log = LoggerFactory.getLogger(LastGoodCache.class);

	private final StringRedisTemplate redis;

	private final ObjectMapper json;

	private final CacheProperties properties;

	private final ScheduledExecutorService writer;

	private final Map<String, PendingWrite> pending = new ConcurrentHashMap<>();

	private record PendingWrite(CacheEntry<?> entry, Consumer<Exception> onFailure) {
	}

	private final Map<String, Parsed> parsed = new ConcurrentHashMap<>();

	private record Parsed(String json, CacheEntry<?> entry) {
	}

	private final Counter readErrors;

	private final Counter writeErrors;

	LastGoodCache(StringRedisTemplate redis, ObjectMapper json, CacheProperties properties,
			@Qualifier("cacheWriter") ScheduledExecutorService writer, MeterRegistry meters) {
		this.redis = redis;
		this.json = json;
		this.properties = properties;
		this.writer = writer;
		this.readErrors = errorCounter(meters, "read");
		this.writeErrors = errorCounter(meters, "write");
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
	 * Stores a validated good answer, in the background, {@code booksvc.cache.write-delay} later.
	 * Newer answers for the key meanwhile replace the pending one: under load Redis gets the newest
	 * answer per key at most once per delay, with the time it was really fetched, and the pending
	 * work is one entry per key, however many answers come.
	 */
	public void remember(String key, Object value, Instant fetchedAt, Consumer<Exception> onWriteFailure) {
		if (pending.put(key, new PendingWrite(new CacheEntry<>(value, fetchedAt), onWriteFailure)) == null) {
			writer.schedule(() -> write(key, pending.remove(key)), properties.writeDelay().toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	/**
	 * The entry Redis holds for the key. Redis is asked every time (an entry deleted or expired there
	 * is gone here too), but while it returns what it returned last time, that parse is reused: during
	 * an outage every request is a recall of the same few entries.
	 */
	@SuppressWarnings("unchecked")
	public <T> Optional<CacheEntry<T>> recall(String key, JavaType valueType) {
		try {
			String stored = redis.opsForValue().get(properties.keyPrefix() + key);
			if (stored == null) {
				return Optional.empty();
			}
			Parsed last = parsed.get(key);
			if (last != null && last.json().equals(stored)) {
				return Optional.of((CacheEntry<T>) last.entry());
			}
			JavaType entryType = json.getTypeFactory().constructParametricType(CacheEntry.class, valueType);
			CacheEntry<T> entry = json.readValue(stored, entryType);
			parsed.put(key, new Parsed(stored, entry));
			return Optional.of(entry);
		}
		catch (DataAccessException | JsonProcessingException ex) {
			readErrors.increment();
			log.warn("Cache read of '{}' failed, treating it as a miss: {}", key, ex.getMessage());
			return Optional.empty();
		}
	}

	private void write(String key, PendingWrite write) {
		try {
			redis.opsForValue().set(properties.keyPrefix() + key, json.writeValueAsString(write.entry()), properties.maxStaleness());
		}
		catch (DataAccessException | JsonProcessingException ex) {
			writeErrors.increment();
			write.onFailure().accept(ex);
		}
	}

	private static Counter errorCounter(MeterRegistry meters, String operation) {
		return Counter.builder("booksvc.cache.errors")
			.description("Redis operations of the last-good cache that failed")
			.tag("operation", operation)
			.register(meters);
	}

}
