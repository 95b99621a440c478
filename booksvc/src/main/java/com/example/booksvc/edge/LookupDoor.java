package com.example.booksvc.edge;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.example.booksvc.catalog.Answer;
import com.example.booksvc.catalog.LastGoodAnswers;
import com.example.booksvc.config.ServiceUnavailableException;
import com.example.booksvc.resilience.LogSummary;
import com.example.booksvc.storagesvc.Book;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * booksvc's door for single-book lookups: at most the {@code lookups} bulkhead's permits (8) of
 * them have work to do at once, a call to storagesvc or a read of the cache. A lookup answered by
 * an answer kept for reuse, or joining a call in flight, costs nothing and takes none
 * ({@link BookQueries}). One that finds every permit taken never waits and never calls storagesvc:
 * the cache answers it if it has the book, else a 503 with {@code Retry-After} at once. A flood of
 * distinct ids would otherwise queue behind itself on booksvc's CPU; a cached book is not refused
 * because others are being looked up (a storagesvc that sheds slows each lookup down). Those reads
 * are bounded too ({@code booksvc.lookup-shedding.cache-reads}): past the door a flood must stay as
 * cheap as a 503, or its requests pile up waiting on Redis until booksvc runs out of heap (the
 * ablation's flood, without the bound: booksvc restarted in 3 of 7 sets).
 * <p>
 * In the service, not in front of the handler: whatever path Spring MVC maps to the lookup, the
 * lookup passes here.
 */
@Component
@EnableConfigurationProperties(LookupSheddingProperties.class)
class LookupDoor {

	private static final Logger log = LoggerFactory.getLogger(LookupDoor.class);

	/** The bulkhead's settings are in application.yml, {@code resilience4j.bulkhead.instances.lookups}. */
	static final String LOOKUPS = "lookups";

	private final Bulkhead permits;

	private final Semaphore cacheReads;

	private final LastGoodAnswers lastGood;

	private final Duration retryAfter;

	private final Counter shed;

	LookupDoor(BulkheadRegistry bulkheads, LastGoodAnswers lastGood, LookupSheddingProperties properties,
			MeterRegistry meters, Clock clock) {
		this.permits = bulkheads.bulkhead(LOOKUPS);
		this.cacheReads = new Semaphore(properties.cacheReads());
		this.lastGood = lastGood;
		this.retryAfter = properties.retryAfter();
		this.shed = BookQueries.answersCounter(meters, "shed");
		LogSummary lines = new LogSummary(Duration.ofSeconds(1), clock);
		permits.getEventPublisher().onCallRejected(rejected -> {
			long turnedAway = lines.occurrence(LOOKUPS);
			if (turnedAway > 0) {
				log.warn("{} book lookup(s) past the door since the last such line, answered from the cache or 503: {} in flight already",
						turnedAway, permits.getBulkheadConfig().getMaxConcurrentCalls());
			}
		});
	}

	/** {@code lookup}'s answer, holding a permit until it is there; else the cache's, or the door's 503. */
	CompletableFuture<Answer<Book>> admit(long id, Supplier<CompletableFuture<Answer<Book>>> lookup) {
		if (!permits.tryAcquirePermission()) {
			return pastTheDoor(id);
		}
		CompletableFuture<Answer<Book>> answer;
		try {
			answer = lookup.get();
		}
		catch (RuntimeException | Error ex) {
			permits.onComplete();
			throw ex;
		}
		return answer.whenComplete((value, failure) -> permits.onComplete());
	}

	/** The cache's answer if it has the book and a read is free, else the door's 503. */
	private CompletableFuture<Answer<Book>> pastTheDoor(long id) {
		if (!cacheReads.tryAcquire()) {
			return CompletableFuture.failedFuture(turnedAway());
		}
		CompletableFuture<Optional<Answer<Book>>> cached;
		try {
			cached = lastGood.cachedBook(id);
		}
		catch (RuntimeException | Error ex) {
			cacheReads.release();
			throw ex;
		}
		return cached.whenComplete((value, failure) -> cacheReads.release())
			.thenApply(value -> value.orElseThrow(this::turnedAway));
	}

	/** The door's 503, counted as a shed answer. */
	private TooManyLookupsInFlight turnedAway() {
		shed.increment();
		return new TooManyLookupsInFlight(retryAfter);
	}

	/** The 503 for a lookup that found every permit taken and nothing cached. */
	static class TooManyLookupsInFlight extends ServiceUnavailableException {

		TooManyLookupsInFlight(Duration retryAfter) {
			super("Too many lookups in flight", "booksvc is answering as many book lookups as it can; try again shortly",
					retryAfter, null);
		}

		private TooManyLookupsInFlight(TooManyLookupsInFlight original) {
			super(original);
		}

		/** The same answer as a new object, for another caller. */
		TooManyLookupsInFlight copy() {
			return new TooManyLookupsInFlight(this);
		}

	}

}
