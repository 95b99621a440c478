package com.example.booksvc.catalog;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.type.TypeFactory;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.example.booksvc.cache.CacheEntry;
import com.example.booksvc.cache.CacheLookup;
import com.example.booksvc.cache.LastGoodCache;
import com.example.booksvc.resilience.LogSummary;
import com.example.booksvc.resilience.StoragesvcBreaker;
import com.example.booksvc.storagesvc.Book;
import com.example.booksvc.storagesvc.StoragesvcFailureException;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * The catalog's side of the last-good cache: what a live answer leaves behind, what a fallback
 * serves, and the story each fallback tells in logs and metrics ({@code booksvc.cache.age} of what
 * the cache served).
 */
@Component
public class LastGoodAnswers {

	private static final Logger log = LoggerFactory.getLogger(LastGoodAnswers.class);

	private static final String ALL_BOOKS = "books";

	private static final JavaType BOOK = TypeFactory.defaultInstance().constructType(Book.class);

	private static final JavaType BOOK_LIST = TypeFactory.defaultInstance().constructCollectionType(List.class, Book.class);

	/** The list as storagesvc answers it: every book complete. */
	private static final CacheLookup<List<Book>> BOOKS = new CacheLookup<>(ALL_BOOKS, BOOK_LIST,
			books -> books != null && books.stream().allMatch(book -> book != null && book.isComplete()));

	private final LastGoodCache cache;

	private final StoragesvcBreaker breaker;

	private final ExecutorService fallbacks;

	private final Clock clock;

	private final Timer cacheAge;

	private final LogSummary fallbackLines;

	private final SeenBooks seen;

	LastGoodAnswers(LastGoodCache cache, SeenBooks seen, StoragesvcBreaker breaker,
			@Qualifier("fallbacks") ExecutorService fallbacks, Clock clock, MeterRegistry meters) {
		this.cache = cache;
		this.seen = seen;
		this.breaker = breaker;
		this.fallbacks = fallbacks;
		this.clock = clock;
		this.fallbackLines = new LogSummary(Duration.ofSeconds(1), clock);
		this.cacheAge = Timer.builder("booksvc.cache.age")
			.description("How old the cached answers served were")
			.register(meters);
	}

	Answer<List<Book>> rememberBooks(List<Book> books) {
		seen.saw(books);
		return remembered(ALL_BOOKS, books);
	}

	Answer<Book> rememberBook(Book book) {
		seen.saw(book);
		return remembered(bookKey(book.id()), book);
	}

	/**
	 * storagesvc has no such book (any more): if the cache would still serve it (its own entry, or an
	 * older list), record that it is gone as of now, so that the next outage does not. Checked off
	 * the answer's path, once the writes waiting now are in Redis; one check per id waits at most,
	 * and an id the cache knows nothing of costs no write. Not checked at all for a book this booksvc
	 * has not seen ({@link SeenBooks}): a flood of unknown ids leaves Redis alone. The check reads
	 * the list but parses it once per version of it (cache/CacheEntryReader).
	 */
	void forgetBook(long id) {
		if (!seen.gone(id)) {
			return;
		}
		String key = bookKey(id);
		cache.forget(key, clock.instant(), () -> cachedBookNow(id).isPresent(), writeFailure(key));
	}

	public CompletableFuture<Answer<List<Book>>> books(Throwable failure) {
		return serve(this::cachedBooks, failure);
	}

	public CompletableFuture<Answer<Book>> book(long id, Throwable failure) {
		return serve(() -> cachedBookNow(id), failure);
	}

	/**
	 * The book's own entry, if the cache has one, for a lookup booksvc's door turned away: one small
	 * read, not the list's ~6 KB too, and none at all for a book this booksvc has not seen
	 * ({@link SeenBooks}), because past the door a lookup must stay cheap (a flood of unknown ids
	 * reads nothing). A book cached only in the list is not found here.
	 */
	public CompletableFuture<Optional<Answer<Book>>> cachedBook(long id) {
		if (!seen.mayBeCached(id)) {
			return CompletableFuture.completedFuture(Optional.empty());
		}
		return CompletableFuture.supplyAsync(() -> cache.recall(bookLookup(id))
			.filter(entry -> entry.value() != null)
			.map(entry -> Answer.cached(entry.value(), entry.fetchedAt())), fallbacks);
	}

	private <T> Answer<T> remembered(String key, T value) {
		Instant fetchedAt = clock.instant();
		cache.remember(key, value, fetchedAt, writeFailure(key));
		return Answer.live(value, fetchedAt);
	}

	private Consumer<Exception> writeFailure(String key) {
		return failure -> {
			CircuitBreaker.State state = breaker.state();
			breaker.fields(log.atWarn(), state)
				.log("Cache write of '{}' failed (breaker '{}' {}), the live answer was served anyway: {}", key,
						StoragesvcBreaker.POLICIES, state, failure.getMessage());
		};
	}

	/** Each fallback is logged, but per reason at most once a second, with how many answers the line stands for. */
	private <T> CompletableFuture<Answer<T>> serve(Supplier<Optional<Answer<T>>> lookup, Throwable failure) {
		return CompletableFuture.supplyAsync(() -> {
			CircuitBreaker.State breakerState = breaker.state();
			Optional<Answer<T>> cached = lookup.get();
			if (cached.isEmpty()) {
				long answers = fallbackLines.occurrence(reason(failure) + " 503");
				if (answers > 0) {
					breaker.fields(log.atWarn(), breakerState).addKeyValue("answers", answers)
						.log("storagesvc unavailable ({}), breaker '{}' {}: nothing cached, answering 503 (x{} since the last such line)",
								failure, StoragesvcBreaker.POLICIES, breakerState, answers);
				}
				throw new StoragesvcUnavailableException(retryAfter(failure), failure);
			}
			Duration age = cached.get().age(clock);
			cacheAge.record(age);
			long answers = fallbackLines.occurrence(reason(failure) + " cache");
			if (answers > 0) {
				breaker.fields(log.atInfo(), breakerState).addKeyValue("answers", answers)
					.log("storagesvc unavailable ({}), breaker '{}' {}: answering from cache, {} s old (x{} since the last such line)",
							failure, StoragesvcBreaker.POLICIES, breakerState, age.toSeconds(), answers);
			}
			return cached.get();
		}, fallbacks);
	}

	private Optional<Answer<List<Book>>> cachedBooks() {
		Optional<Answer<List<Book>>> cached = cache.recall(BOOKS).map(entry -> Answer.cached(entry.value(), entry.fetchedAt()));
		cached.ifPresent(answer -> seen.saw(answer.value()));
		return cached;
	}

	/**
	 * The book's own entry or the list's, whichever storagesvc produced last, read with one Redis
	 * command. If the newest says storagesvc had no such book, there is nothing to serve.
	 */
	private Optional<Answer<Book>> cachedBookNow(long id) {
		CacheLookup<Book> bookLookup = bookLookup(id);
		List<Optional<CacheEntry<?>>> entries = cache.recallAll(List.of(bookLookup, BOOKS));
		Optional<CacheEntry<Book>> own = entries.get(0).map(bookLookup::cast);
		Optional<CacheEntry<Book>> fromList = entries.get(1)
			.map(BOOKS::cast)
			.map(list -> new CacheEntry<>(list.value().stream().filter(book -> book.id() == id).findFirst().orElse(null),
					list.fetchedAt()));
		return Stream.of(own, fromList)
			.flatMap(Optional::stream)
			.max(Comparator.comparing(CacheEntry::fetchedAt))
			.filter(newest -> newest.value() != null)
			.map(newest -> Answer.cached(newest.value(), newest.fetchedAt()));
	}

	/** A book's entry: that very book, complete, or storagesvc's "no such book". */
	private static CacheLookup<Book> bookLookup(long id) {
		return new CacheLookup<>(bookKey(id), BOOK,
				book -> book == null || (book.isComplete() && book.id() == id));
	}

	/**
	 * When a call may next get through: the breaker's remaining wait, else what storagesvc asked for,
	 * but never longer than the breaker's whole wait. booksvc itself tries storagesvc again by then,
	 * so a longer wait (a proxy's {@code Retry-After: 86400}) would only keep callers away from an
	 * answer booksvc may already have.
	 */
	private Duration retryAfter(Throwable failure) {
		Duration retryAfter = breaker.untilHalfOpen()
			.or(() -> failure instanceof StoragesvcFailureException storagesvcFailure ? storagesvcFailure.retryAfter()
					: Optional.empty())
			.orElse(Duration.ofSeconds(1));
		Duration longest = breaker.openWait();
		return (retryAfter.compareTo(longest) > 0) ? longest : retryAfter;
	}

	/** What a summary line is kept per: the failure's type, and storagesvc's reason if it is its failure. */
	private static String reason(Throwable failure) {
		return (failure instanceof StoragesvcFailureException storagesvc) ? storagesvc.reason().name()
				: failure.getClass().getName();
	}

	private static String bookKey(long id) {
		return "book:" + id;
	}

}
