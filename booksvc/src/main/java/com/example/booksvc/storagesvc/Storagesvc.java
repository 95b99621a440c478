package com.example.booksvc.storagesvc;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.HttpException;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientException;

/**
 * storagesvc's answers, each classified here (its error statuses in {@link ErrorStatus}) and nowhere
 * else: a complete book or list, or one of the failure types the policies are configured with in
 * application.yml (what is retried, what the breaker records). One attempt runs on a thread of its
 * own and can be given up on.
 */
@Component
public class Storagesvc {

	private final StoragesvcClient client;

	private final ExecutorService calls;

	Storagesvc(StoragesvcClient client, @Qualifier("storagesvcCalls") ExecutorService calls) {
		this.client = client;
		this.calls = calls;
	}

	/**
	 * The whole list, every book complete. One incomplete book fails it all: a list served live must
	 * be all of storagesvc's books, and the cache holds the last one that was.
	 */
	public List<Book> books() {
		List<Book> books = client.books();
		if (books == null || !books.stream().allMatch(book -> book != null && book.hasEveryField())) {
			throw StoragesvcFailureException.malformed("book list missing, or holding what is no book", null);
		}
		List<Long> incomplete = books.stream().filter(book -> !book.isComplete()).map(Book::id).toList();
		if (!incomplete.isEmpty()) {
			throw StoragesvcFailureException.incompleteBook("the book list", incomplete);
		}
		return books;
	}

	/** That book, complete; {@link StoragesvcNotFoundException} if storagesvc has none. */
	public Book book(long id) {
		Book book = client.book(id);
		if (book == null || !book.hasEveryField()) {
			throw StoragesvcFailureException.malformed("no book in the answer for book " + id, null);
		}
		if (book.id() != id) {
			throw StoragesvcFailureException.malformed("book " + book.id() + " sent for book " + id, null);
		}
		if (!book.isComplete()) {
			throw StoragesvcFailureException.incompleteBook("the answer for book " + id, List.of(book.id()));
		}
		return book;
	}

	/**
	 * One attempt of {@code request} (calls to {@link #books()} or {@link #book(long)}), on a thread
	 * of its own, its failures classified, within the answer's {@link Deadline}. The future returned
	 * is the one the time limiter completes when it gives up on the attempt, as the deadline does:
	 * either way the exchange is aborted, so the connection leaves the pool at once instead of being
	 * read on by an attempt nobody waits for.
	 */
	public <T> CompletableFuture<T> attempt(Supplier<T> request) {
		Deadline deadline = Deadline.current()
			.orElseThrow(() -> new IllegalStateException("an attempt outside an answer's latency budget"));
		if (deadline.isExpired()) {
			return CompletableFuture.failedFuture(deadline.expiry().join());
		}
		CompletableFuture<T> attempt = new CompletableFuture<>();
		Exchange exchange = new Exchange();
		// The attempt completes on this thread: a retry it leads to is scheduled under the deadline.
		calls.execute(() -> deadline.during(() -> {
			try {
				return attempt.complete(exchange.run(() -> classified(deadline, request)));
			}
			catch (RuntimeException ex) {
				return attempt.completeExceptionally(ex);
			}
		}));
		attempt.whenComplete((value, failure) -> {
			if (failure instanceof TimeoutException || failure instanceof LatencyBudgetSpentException) {
				exchange.abort();
			}
		});
		deadline.bind(attempt);
		return attempt;
	}

	/** What did not come back as an HTTP answer, or came back too large or unreadable. */
	private static <T> T classified(Deadline deadline, Supplier<T> request) {
		try {
			return request.get();
		}
		catch (StoragesvcFailureException ex) {
			boolean waitDoesNotFit = ex.retryWait().filter(wait -> wait.compareTo(deadline.remaining()) > 0).isPresent();
			throw waitDoesNotFit ? ex.beyondBudget() : ex;
		}
		catch (ResourceAccessException ex) {
			if (ex.getMostSpecificCause() instanceof ResponseSizeLimit.TooLargeException tooLarge) {
				throw StoragesvcFailureException.malformed(tooLarge.getMessage(), ex);
			}
			if (ex.getMostSpecificCause() instanceof ConnectionRequestTimeoutException poolWait) {
				throw StoragesvcFailureException.poolExhausted(poolWait);
			}
			throw StoragesvcFailureException.unreachable(ex);
		}
		catch (RestClientException ex) {
			throw StoragesvcFailureException.malformed(ex.getMessage(), ex);
		}
	}

	/**
	 * The HTTP exchange one attempt has in flight, so that another thread (the time limiter's, the
	 * answer's deadline) can abort it. Attempts run on platform threads, where an interrupt does not
	 * end a blocking socket read; cancelling the request the way HttpClient provides does: the
	 * connection is closed, the read fails at once, and the pool discards the connection instead of
	 * leaving it to an attempt nobody waits for.
	 */
	static final class Exchange {

		private static final ThreadLocal<Exchange> CURRENT = new ThreadLocal<>();

		private Cancellable request;

		private boolean aborted;

		/** Runs {@code attempt} on this thread with this exchange as the one {@link #abort()} ends. */
		<T> T run(Supplier<T> attempt) {
			CURRENT.set(this);
			try {
				return attempt.get();
			}
			finally {
				CURRENT.remove();
			}
		}

		/** Ends the exchange now, or as soon as it starts if it has not yet. */
		synchronized void abort() {
			aborted = true;
			if (request != null) {
				request.cancel();
			}
		}

		private synchronized void started(Cancellable request) {
			this.request = request;
			if (aborted) {
				request.cancel();
			}
		}

		/** First in HttpClient's chain: tells the attempt's exchange which request to cancel. */
		static ExecChainHandler tracker() {
			return Exchange::track;
		}

		private static ClassicHttpResponse track(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
				throws IOException, HttpException {
			Exchange exchange = CURRENT.get();
			if (exchange != null && scope.originalRequest instanceof Cancellable cancellable) {
				exchange.started(cancellable);
			}
			return chain.proceed(request, scope);
		}

	}

}
