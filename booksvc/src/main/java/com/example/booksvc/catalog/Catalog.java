package com.example.booksvc.catalog;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.type.TypeFactory;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.annotation.CircuitBreaker;
import io.github.resilience4j.retry.annotation.Retry;
import io.github.resilience4j.timelimiter.annotation.TimeLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.example.booksvc.cache.CacheEntry;
import com.example.booksvc.cache.LastGoodCache;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientException;

/**
 * The books, from storagesvc when it answers, else the last good answer from the cache, marked as
 * such. Every call to storagesvc goes through the policies named {@value #STORAGESVC} (settings
 * in application.yml). Aspect order, outermost first: Retry, CircuitBreaker, TimeLimiter. So the
 * time limit is per attempt, the breaker sees every attempt and stops retries the moment it opens,
 * and the fallback sits on Retry, the outermost, where it cannot swallow a failure before Retry
 * sees it.
 */
@Service
public class Catalog {

	static final String STORAGESVC = "storagesvc";

	private static final Logger log = LoggerFactory.getLogger(Catalog.class);

	private static final String ALL_BOOKS = "books";

	private static final JavaType BOOK = TypeFactory.defaultInstance().constructType(Book.class);

	private static final JavaType BOOK_LIST = TypeFactory.defaultInstance().constructCollectionType(List.class, Book.class);

	private final StoragesvcClient storagesvc;

	private final LastGoodCache cache;

	private final CircuitBreakerTransitions breakers;

	private final ExecutorService calls;

	private final Clock clock;

	Catalog(StoragesvcClient storagesvc, LastGoodCache cache, CircuitBreakerTransitions breakers,
			@Qualifier("storagesvcCalls") ExecutorService calls, Clock clock) {
		this.storagesvc = storagesvc;
		this.cache = cache;
		this.breakers = breakers;
		this.calls = calls;
		this.clock = clock;
	}

	@Retry(name = STORAGESVC, fallbackMethod = "booksFromCache")
	@CircuitBreaker(name = STORAGESVC)
	@TimeLimiter(name = STORAGESVC)
	public CompletableFuture<Answer<List<Book>>> books(Deadline deadline) {
		return call(deadline, () -> {
			List<Book> books = storagesvc.books();
			if (books == null || !books.stream().allMatch(book -> book != null && book.isComplete())) {
				throw new MalformedResponseException("book list missing or incomplete", null);
			}
			return books;
		}).thenApply(books -> remembered(ALL_BOOKS, books));
	}

	private CompletableFuture<Answer<List<Book>>> booksFromCache(Deadline deadline, StoragesvcFailureException failure) {
		return fromCache(this::cachedBooks, failure);
	}

	private CompletableFuture<Answer<List<Book>>> booksFromCache(Deadline deadline, TimeoutException failure) {
		return fromCache(this::cachedBooks, failure);
	}

	private CompletableFuture<Answer<List<Book>>> booksFromCache(Deadline deadline, CallNotPermittedException failure) {
		return fromCache(this::cachedBooks, failure);
	}

	@Retry(name = STORAGESVC, fallbackMethod = "bookFromCache")
	@CircuitBreaker(name = STORAGESVC)
	@TimeLimiter(name = STORAGESVC)
	public CompletableFuture<Answer<Book>> book(long id, Deadline deadline) {
		return call(deadline, () -> {
			Book book = storagesvc.book(id);
			if (book == null || !book.isComplete() || book.id() != id) {
				throw new MalformedResponseException("book " + id + " missing or incomplete", null);
			}
			return book;
		}).thenApply(book -> remembered(bookKey(id), book));
	}

	private CompletableFuture<Answer<Book>> bookFromCache(long id, Deadline deadline, StoragesvcFailureException failure) {
		return fromCache(() -> cachedBook(id), failure);
	}

	private CompletableFuture<Answer<Book>> bookFromCache(long id, Deadline deadline, TimeoutException failure) {
		return fromCache(() -> cachedBook(id), failure);
	}

	private CompletableFuture<Answer<Book>> bookFromCache(long id, Deadline deadline, CallNotPermittedException failure) {
		return fromCache(() -> cachedBook(id), failure);
	}

	/** One attempt, on its own virtual thread; storagesvc's answer classified for the policies. */
	private <T> CompletableFuture<T> call(Deadline deadline, Supplier<T> request) {
		return CompletableFuture.supplyAsync(() -> {
			try {
				return request.get();
			}
			catch (StoragesvcErrorResponseException ex) {
				boolean waitDoesNotFit = ex.retryAfter().filter(wait -> wait.compareTo(deadline.remaining()) > 0).isPresent();
				throw waitDoesNotFit ? new RetryAfterBeyondBudgetException(ex) : ex;
			}
			catch (ResourceAccessException ex) {
				throw new StoragesvcUnreachableException(ex);
			}
			catch (RestClientException ex) {
				throw new MalformedResponseException(ex.getMessage(), ex);
			}
		}, calls);
	}

	private <T> Answer<T> remembered(String key, T value) {
		Instant fetchedAt = clock.instant();
		cache.remember(key, value, fetchedAt);
		return Answer.live(value, fetchedAt);
	}

	private <T> CompletableFuture<Answer<T>> fromCache(Supplier<Optional<Answer<T>>> lookup, Throwable failure) {
		return CompletableFuture.supplyAsync(() -> {
			Optional<Answer<T>> cached = lookup.get();
			if (cached.isEmpty()) {
				log.warn("storagesvc unavailable ({}), nothing cached: answering 503", failure.toString());
				throw new StoragesvcUnavailableException(retryAfter(failure), failure);
			}
			log.info("storagesvc unavailable ({}), answering from cache: {} s old", failure.toString(),
					cached.get().age(clock).toSeconds());
			return cached.get();
		}, calls);
	}

	private Optional<Answer<List<Book>>> cachedBooks() {
		return recall(ALL_BOOKS, BOOK_LIST);
	}

	/** The book's own entry or the list's, whichever storagesvc produced last. */
	private Optional<Answer<Book>> cachedBook(long id) {
		Optional<Answer<Book>> fromList = cachedBooks()
			.flatMap(list -> list.value().stream().filter(book -> book.id() == id).findFirst()
				.map(book -> Answer.cached(book, list.fetchedAt())));
		return Stream.of(this.<Book>recall(bookKey(id), BOOK), fromList)
			.flatMap(Optional::stream)
			.max(Comparator.comparing(Answer::fetchedAt));
	}

	private <T> Optional<Answer<T>> recall(String key, JavaType type) {
		return cache.<T>recall(key, type).map((CacheEntry<T> entry) -> Answer.cached(entry.value(), entry.fetchedAt()));
	}

	/** When a call may next get through: the breaker's remaining wait, else what storagesvc asked for. */
	private Duration retryAfter(Throwable failure) {
		return breakers.untilHalfOpen(STORAGESVC)
			.or(() -> failure instanceof StoragesvcFailureException storagesvcFailure ? storagesvcFailure.retryAfter()
					: Optional.empty())
			.orElse(Duration.ofSeconds(1));
	}

	private static String bookKey(long id) {
		return "book:" + id;
	}

}
