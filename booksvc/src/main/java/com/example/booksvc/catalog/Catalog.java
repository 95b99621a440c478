package com.example.booksvc.catalog;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.annotation.Bulkhead;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.annotation.CircuitBreaker;
import io.github.resilience4j.retry.annotation.Retry;
import io.github.resilience4j.timelimiter.annotation.TimeLimiter;

import com.example.booksvc.resilience.StoragesvcBreaker;
import com.example.booksvc.storagesvc.Book;
import com.example.booksvc.storagesvc.Storagesvc;
import com.example.booksvc.storagesvc.StoragesvcFailureException;
import com.example.booksvc.storagesvc.StoragesvcNotFoundException;

import org.springframework.stereotype.Service;

/**
 * The books, from storagesvc when it answers, else the last good answer from the cache, marked as
 * such. Every call to storagesvc goes through the policies named {@value #STORAGESVC} (settings
 * in application.yml). Aspect order, outermost first: Retry, CircuitBreaker, Bulkhead, TimeLimiter.
 * So the time limit is per attempt and times out the attempt's own future (which aborts it), the
 * breaker sees every attempt and stops retries the moment it opens, each attempt in flight holds one
 * of the bulkhead's permits (until it answers or is given up on), and the fallback sits on Retry,
 * the outermost, where it cannot swallow a failure before Retry sees it. A bulkhead rejection, like
 * a pool wait that ran out, is booksvc's own overload: the breaker ignores it, Retry does not retry
 * it, the cache answers it.
 * <p>
 * The methods take the request's own arguments only. What booksvc puts in front of them (the door,
 * shared answers, the latency budget: package {@code edge}) is not their concern; the attempts
 * honour the answer's deadline as context ({@code storagesvc.Deadline}).
 * <p>
 * The fallbacks are public, in a public class, only because resilience4j 2.4.0 cannot call private
 * ones safely: it makes the shared {@code Method} accessible for one call and back again, so a
 * concurrent fallback fails with {@code IllegalAccessException} (resilience4j#878, one answer in a
 * few thousand under load). Public members of a public class need no such switch.
 */
@Service
public class Catalog {

	static final String STORAGESVC = StoragesvcBreaker.POLICIES;

	private final Storagesvc storagesvc;

	private final LastGoodAnswers lastGood;

	Catalog(Storagesvc storagesvc, LastGoodAnswers lastGood) {
		this.storagesvc = storagesvc;
		this.lastGood = lastGood;
	}

	@Retry(name = STORAGESVC, fallbackMethod = "booksFromCache")
	@CircuitBreaker(name = STORAGESVC)
	@Bulkhead(name = STORAGESVC, type = Bulkhead.Type.SEMAPHORE)
	@TimeLimiter(name = STORAGESVC)
	public CompletableFuture<Answer<List<Book>>> books() {
		return storagesvc.attempt(() -> lastGood.rememberBooks(storagesvc.books()));
	}

	public CompletableFuture<Answer<List<Book>>> booksFromCache(StoragesvcFailureException failure) {
		return lastGood.books(failure);
	}

	public CompletableFuture<Answer<List<Book>>> booksFromCache(TimeoutException failure) {
		return lastGood.books(failure);
	}

	public CompletableFuture<Answer<List<Book>>> booksFromCache(CallNotPermittedException failure) {
		return lastGood.books(failure);
	}

	public CompletableFuture<Answer<List<Book>>> booksFromCache(BulkheadFullException failure) {
		return lastGood.books(failure);
	}

	@Retry(name = STORAGESVC, fallbackMethod = "bookFromCache")
	@CircuitBreaker(name = STORAGESVC)
	@Bulkhead(name = STORAGESVC, type = Bulkhead.Type.SEMAPHORE)
	@TimeLimiter(name = STORAGESVC)
	public CompletableFuture<Answer<Book>> book(long id) {
		return storagesvc.attempt(() -> {
			try {
				return lastGood.rememberBook(storagesvc.book(id));
			}
			catch (StoragesvcNotFoundException ex) {
				lastGood.forgetBook(id);
				throw ex;
			}
		});
	}

	public CompletableFuture<Answer<Book>> bookFromCache(long id, StoragesvcFailureException failure) {
		return lastGood.book(id, failure);
	}

	public CompletableFuture<Answer<Book>> bookFromCache(long id, TimeoutException failure) {
		return lastGood.book(id, failure);
	}

	public CompletableFuture<Answer<Book>> bookFromCache(long id, CallNotPermittedException failure) {
		return lastGood.book(id, failure);
	}

	public CompletableFuture<Answer<Book>> bookFromCache(long id, BulkheadFullException failure) {
		return lastGood.book(id, failure);
	}

}
