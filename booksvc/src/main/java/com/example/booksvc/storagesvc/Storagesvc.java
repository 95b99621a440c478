package com.example.booksvc.storagesvc;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.HttpException;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.util.StreamUtils;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientException;

/**
 * storagesvc's answers, each classified here and nowhere else: a complete book or list, or one of
 * the failure types the policies are configured with in application.yml (what is retried, what the
 * breaker records). One attempt runs on a thread of its own and can be given up on.
 */
@Component
public class Storagesvc {

	/**
	 * The problem type of storagesvc's 404 for a book it does not have (its BookNotFoundException),
	 * the only 404 that means "no such book". Any other 404 is a path storagesvc does not serve.
	 */
	static final String BOOK_NOT_FOUND_TYPE = "tag:example.com,2026:storagesvc/book-not-found";

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
			boolean waitDoesNotFit = ex.retryAfter().filter(wait -> wait.compareTo(deadline.remaining()) > 0).isPresent();
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

	/** What an HTTP error status means; the client's status handler (StoragesvcClientConfiguration). */
	static void failOnErrorStatus(HttpRequest request, ClientHttpResponse response, Clock clock, ObjectMapper json)
			throws IOException {
		HttpStatusCode status = response.getStatusCode();
		if (status.value() == HttpStatus.NOT_FOUND.value()) {
			String path = request.getURI().getPath();
			throw isBookNotFound(response, json) ? new StoragesvcNotFoundException(path)
					: StoragesvcFailureException.unexpectedNotFound(path);
		}
		if (status.is5xxServerError() || status.value() == HttpStatus.TOO_MANY_REQUESTS.value()) {
			String retryAfter = response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER);
			throw StoragesvcFailureException.errorStatus(status, RetryAfter.parse(retryAfter, clock).orElse(null));
		}
		throw new StoragesvcRejectedException(status);
	}

	/**
	 * Whether a 404 is storagesvc's "no such book": a problem of {@link #BOOK_NOT_FOUND_TYPE}. The body
	 * is read only if it says it is a problem, and only as far as the client's size limit
	 * ({@code storagesvc.max-response-size}); anything unreadable is not that problem.
	 */
	private static boolean isBookNotFound(ClientHttpResponse response, ObjectMapper json) {
		MediaType type = response.getHeaders().getContentType();
		if (type == null || !MediaType.APPLICATION_PROBLEM_JSON.isCompatibleWith(type)) {
			return false;
		}
		try {
			// Not closed by Jackson: HttpClient's close reads the rest of the body, past the size
			// limit, which only the response's own close (ResponseSizeLimit) caps.
			JsonNode problem = json.readTree(StreamUtils.nonClosing(response.getBody()));
			return problem != null && BOOK_NOT_FOUND_TYPE.equals(problem.path("type").asText());
		}
		catch (IOException ex) {
			return false;
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
