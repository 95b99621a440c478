package com.example.booksvc.cache;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what Redis holds into an entry booksvc may serve, or nothing. Anything but an entry as
 * booksvc writes them (garbage, an old format, a missing or impossible {@code fetchedAt}, a value
 * that fails the lookup's rule) is rejected: logged, counted in {@code booksvc.cache.rejected},
 * and a miss.
 */
final class CacheEntryReader {

	private static final Logger log = LoggerFactory.getLogger(CacheEntryReader.class);

	/** Entries written by a booksvc whose clock runs this much ahead are still believed. */
	private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

	private final ObjectMapper json;

	private final Duration maxStaleness;

	private final Clock clock;

	private final Counter rejected;

	/**
	 * The last text parsed for each type of value, and what it parsed to. The list (~6 KB) is read
	 * by every book's fallback and every "no such book" check, and changes only when a new answer is
	 * written: so it is parsed once per version, not once per read. The entries are never modified
	 * (answer reuse shares them already).
	 */
	private final Map<JavaType, Parsed> lastParsed = new ConcurrentHashMap<>();

	private record Parsed(String key, String stored, CacheEntry<?> entry) {
	}

	CacheEntryReader(ObjectMapper json, Duration maxStaleness, Clock clock, MeterRegistry meters) {
		this.json = json;
		this.maxStaleness = maxStaleness;
		this.clock = clock;
		this.rejected = Counter.builder("booksvc.cache.rejected")
			.description("Entries found in Redis that were not valid answers, served as misses")
			.register(meters);
	}

	Optional<CacheEntry<?>> read(CacheLookup<?> lookup, String stored) {
		if (stored == null) {
			return Optional.empty();
		}
		String problem;
		try {
			CacheEntry<?> entry = parsed(lookup, stored);
			problem = problemWith(lookup, entry);
			if (problem == null) {
				return fresh(entry) ? Optional.of(entry) : Optional.empty();
			}
		}
		catch (IOException | RuntimeException ex) {
			// Jackson's exceptions, and whatever a rule throws on a value it was not written for
			problem = "unreadable: " + ex.getMessage();
		}
		rejected.increment();
		log.warn("Cache entry '{}' rejected, treating it as a miss: {}", lookup.key(), problem);
		return Optional.empty();
	}

	/** The same text under the same key parses to the same entry; its rule and freshness are checked on every read. */
	private CacheEntry<?> parsed(CacheLookup<?> lookup, String stored) throws IOException {
		Parsed last = lastParsed.get(lookup.valueType());
		if (last != null && last.key().equals(lookup.key()) && last.stored().equals(stored)) {
			return last.entry();
		}
		JavaType entryType = json.getTypeFactory().constructParametricType(CacheEntry.class, lookup.valueType());
		CacheEntry<?> entry = json.readValue(stored, entryType);
		lastParsed.put(lookup.valueType(), new Parsed(lookup.key(), stored, entry));
		return entry;
	}

	@SuppressWarnings("unchecked")
	private <T> String problemWith(CacheLookup<T> lookup, CacheEntry<?> entry) {
		if (entry == null || entry.fetchedAt() == null) {
			return "no fetchedAt";
		}
		if (entry.fetchedAt().isAfter(clock.instant().plus(CLOCK_SKEW))) {
			return "fetchedAt " + entry.fetchedAt() + " is in the future";
		}
		return lookup.valid().test((T) entry.value()) ? null : "not a valid answer for the key";
	}

	/** Redis expires entries at max-staleness; this holds if someone changed the expiry there. */
	private boolean fresh(CacheEntry<?> entry) {
		Instant oldestServed = clock.instant().minus(maxStaleness);
		return !entry.fetchedAt().isBefore(oldestServed);
	}

}
