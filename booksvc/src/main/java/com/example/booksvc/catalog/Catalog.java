package com.example.booksvc.catalog;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.annotation.Bulkhead;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.annotation.CircuitBreaker;
import io.github.resilience4j.retry.annotation.Retry;
import io.github.resilience4j.timelimiter.annotation.TimeLimiter;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientException;

/**
 * The books, from storagesvc when it answers, else the last good answer from the cache, marked as
 * such. Every call to storagesvc goes through the policies named {@value #STORAGESVC} (settings
 * in application.yml). Aspect order, outermost first: Retry, CircuitBreaker, TimeLimiter, Bulkhead.
 * So the time limit is per attempt, the breaker sees every attempt and stops retries the moment it
 * opens, each attempt in flight holds one of the bulkhead's permits (until it answers or is given
 * up on), and the fallback sits on Retry, the outermost, where it cannot swallow a failure before
 * Retry sees it. A bulkhead rejection is booksvc's own overload: the breaker ignores it, Retry does
 * not retry it, the cache answers it.
 * <p>
 * The fallbacks are public, in a public class, only because resilience4j 2.4.0 cannot call private
 * ones safely: it makes the shared {@code Method} accessible for one call and back again, so a
 * concurrent fallback fails with {@code IllegalAccessException} (resilience4j#878, one answer in a
 * few thousand under load). Public members of a public class need no such switch.
 */
@Service
public class Catalog {

	static final String STORAGESVC = "storagesvc";

	private final StoragesvcClient storagesvc;

	private final LastGoodAnswers lastGood;

	private final ExecutorService calls;

	Catalog(StoragesvcClient storagesvc, LastGoodAnswers lastGood, @Qualifier("storagesvcCalls") ExecutorService calls) {
		this.storagesvc = storagesvc;
		this.lastGood = lastGood;
		this.calls = calls;
	}

	@Retry(name = STORAGESVC, fallbackMethod = "booksFromCache")
	@CircuitBreaker(name = STORAGESVC)
	@TimeLimiter(name = STORAGESVC)
	@Bulkhead(name = STORAGESVC, type = Bulkhead.Type.SEMAPHORE)
	public CompletableFuture<Answer<List<Book>>> books(Deadline deadline) {
		return call(deadline, () -> {
			List<Book> books = storagesvc.books();
			if (books == null || !books.stream().allMatch(book -> book != null && book.isComplete())) {
				throw new MalformedResponseException("book list missing or incomplete", null);
			}
			return lastGood.rememberBooks(books);
		});
	}

	public CompletableFuture<Answer<List<Book>>> booksFromCache(Deadline deadline, StoragesvcFailureException failure) {
		return lastGood.books(failure);
	}

	public CompletableFuture<Answer<List<Book>>> booksFromCache(Deadline deadline, TimeoutException failure) {
		return lastGood.books(failure);
	}

	public CompletableFuture<Answer<List<Book>>> booksFromCache(Deadline deadline, CallNotPermittedException failure) {
		return lastGood.books(failure);
	}

	public CompletableFuture<Answer<List<Book>>> booksFromCache(Deadline deadline, BulkheadFullException failure) {
		return lastGood.books(failure);
	}

	public CompletableFuture<Answer<List<Book>>> booksFromCache(Deadline deadline, StoragesvcPoolExhaustedException failure) {
		return lastGood.books(failure);
	}

	@Retry(name = STORAGESVC, fallbackMethod = "bookFromCache")
	@CircuitBreaker(name = STORAGESVC)
	@TimeLimiter(name = STORAGESVC)
	@Bulkhead(name = STORAGESVC, type = Bulkhead.Type.SEMAPHORE)
	public CompletableFuture<Answer<Book>> book(long id, Deadline deadline) {
		return call(deadline, () -> {
			Book book;
			try {
				book = storagesvc.book(id);
			}
			catch (StoragesvcNotFoundException ex) {
				lastGood.forgetBook(id);
				throw ex;
			}
			if (book == null || !book.isComplete() || book.id() != id) {
				throw new MalformedResponseException("book " + id + " missing or incomplete", null);
			}
			return lastGood.rememberBook(book);
		});
	}

	public CompletableFuture<Answer<Book>> bookFromCache(long id, Deadline deadline, StoragesvcFailureException failure) {
		return lastGood.book(id, failure);
	}

	public CompletableFuture<Answer<Book>> bookFromCache(long id, Deadline deadline, TimeoutException failure) {
		return lastGood.book(id, failure);
	}

	public CompletableFuture<Answer<Book>> bookFromCache(long id, Deadline deadline, CallNotPermittedException failure) {
		return lastGood.book(id, failure);
	}

	public CompletableFuture<Answer<Book>> bookFromCache(long id, Deadline deadline, BulkheadFullException failure) {
		return lastGood.book(id, failure);
	}

	public CompletableFuture<Answer<Book>> bookFromCache(long id, Deadline deadline, StoragesvcPoolExhaustedException failure) {
		return lastGood.book(id, failure);
	}

	/**
	 * One attempt, on a thread of its own; storagesvc's answer classified for the policies. The
	 * future returned is the one the time limiter completes when it gives up on the attempt, as the
	 * answer's deadline does: either way the exchange is aborted, so the connection leaves the pool
	 * at once instead of being read on by an attempt nobody waits for.
	 */
	private <T> CompletableFuture<T> call(Deadline deadline, Supplier<T> request) {
		if (deadline.isExpired()) {
			return CompletableFuture.failedFuture(deadline.expiry().join());
		}
		CompletableFuture<T> attempt = new CompletableFuture<>();
		Exchange exchange = new Exchange();
		calls.execute(() -> {
			try {
				attempt.complete(exchange.run(() -> classified(deadline, request)));
			}
			catch (RuntimeException ex) {
				attempt.completeExceptionally(ex);
			}
		});
		attempt.whenComplete((value, failure) -> {
			if (failure instanceof TimeoutException || failure instanceof LatencyBudgetSpentException) {
				exchange.abort();
			}
		});
		deadline.bind(attempt);
		return attempt;
	}

	private static <T> T classified(Deadline deadline, Supplier<T> request) {
		try {
			return request.get();
		}
		catch (StoragesvcErrorResponseException ex) {
			boolean waitDoesNotFit = ex.retryAfter().filter(wait -> wait.compareTo(deadline.remaining()) > 0).isPresent();
			throw waitDoesNotFit ? new RetryAfterBeyondBudgetException(ex) : ex;
		}
		catch (ResourceAccessException ex) {
			if (ex.getMostSpecificCause() instanceof ResponseSizeLimit.TooLargeException tooLarge) {
				throw new MalformedResponseException(tooLarge.getMessage(), ex);
			}
			if (ex.getMostSpecificCause() instanceof ConnectionRequestTimeoutException poolWait) {
				throw new StoragesvcPoolExhaustedException(poolWait);
			}
			throw new StoragesvcUnreachableException(ex);
		}
		catch (RestClientException ex) {
			throw new MalformedResponseException(ex.getMessage(), ex);
		}
	}

}
