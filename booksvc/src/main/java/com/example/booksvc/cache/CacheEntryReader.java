package com.example.booksvc.cache;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

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
			CacheEntry<?> entry = parse(lookup, stored);
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

	private CacheEntry<?> parse(CacheLookup<?> lookup, String stored) throws IOException {
		JavaType entryType = json.getTypeFactory().constructParametricType(CacheEntry.class, lookup.valueType());
		return json.readValue(stored, entryType);
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
