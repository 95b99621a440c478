package com.example.booksvc.book;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import com.example.booksvc.cache.CacheProperties;
import com.example.booksvc.catalog.Answer;
import com.example.booksvc.catalog.AnswerSharingProperties;
import com.example.booksvc.catalog.BookQueries;
import com.example.booksvc.storagesvc.Book;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
class BookController implements BookApi {

	static final String DATA_SOURCE = "X-Data-Source";

	private final BookQueries books;

	private final Clock clock;

	private final ObjectMapper json;

	private final CacheControl cacheControl;

	/**
	 * The last ETag of each kind of answer and what it was computed for: identical queries share one
	 * answer (answer reuse), so the same books are hashed once, not once per request.
	 */
	private final AtomicReference<Tagged> lastList = new AtomicReference<>(Tagged.NONE);

	private final AtomicReference<Tagged> lastBook = new AtomicReference<>(Tagged.NONE);

	private record Tagged(Object books, String etag) {

		static final Tagged NONE = new Tagged(null, null);

	}

	/**
	 * {@code max-age}: how long booksvc itself reuses an answer; {@code stale-if-error} (RFC 5861):
	 * how old an answer booksvc would still serve from its own cache.
	 */
	BookController(BookQueries books, Clock clock, ObjectMapper json, AnswerSharingProperties sharing,
			CacheProperties cache) {
		this.books = books;
		this.clock = clock;
		this.json = json;
		this.cacheControl = CacheControl.maxAge(sharing.answerReuse()).staleIfError(cache.maxStaleness());
	}

	@Override
	@GetMapping({ "/", "/books" })
	public ResponseEntity<BooksResponse> books() {
		Answer<List<Book>> answer = await(books.books());
		return sourced(answer, lastList).body(new BooksResponse(answer.value(), answer.source().headerValue(), answer.fetchedAt()));
	}

	@Override
	@GetMapping("/books/{id}")
	public ResponseEntity<Book> book(@PathVariable long id) {
		Answer<Book> answer = await(books.book(id));
		return sourced(answer, lastBook).body(answer.value());
	}

	/**
	 * Request threads are virtual: waiting here costs next to nothing, and spares each request the
	 * Servlet async machinery (a second dispatch) that returning the future would take.
	 */
	private static <T> T await(CompletableFuture<T> answer) {
		try {
			return answer.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			throw ex;
		}
	}

	/**
	 * Says where the answer comes from and, for a cached one, how old it is (RFC 9111 {@code Age}).
	 * Spring MVC answers a matching {@code If-None-Match} with 304 and these headers.
	 */
	private ResponseEntity.BodyBuilder sourced(Answer<?> answer, AtomicReference<Tagged> last) {
		ResponseEntity.BodyBuilder response = ResponseEntity.ok()
			.header(DATA_SOURCE, answer.source().headerValue())
			.cacheControl(cacheControl)
			.eTag(etag(answer.value(), last));
		if (answer.source() == Answer.Source.CACHE) {
			response.header(HttpHeaders.AGE, String.valueOf(answer.age(clock).toSeconds()));
		}
		return response;
	}

	/**
	 * Weak (RFC 9110 8.8.1): it stands for the books alone, so a live answer and a cached one with the
	 * same books match, though their {@code source} and {@code fetchedAt} differ.
	 */
	private String etag(Object books, AtomicReference<Tagged> last) {
		Tagged tagged = last.get();
		if (tagged.books() == books) {
			return tagged.etag();
		}
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.writeValueAsBytes(books));
			String etag = "W/\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 12)) + "\"";
			last.set(new Tagged(books, etag));
			return etag;
		}
		catch (JsonProcessingException | NoSuchAlgorithmException ex) {
			throw new IllegalStateException("cannot compute the ETag", ex);
		}
	}

}
