package com.example.booksvc.storagesvc;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.client.MockClientHttpRequest;
import org.springframework.mock.http.client.MockClientHttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/** What each of storagesvc's answers is, decided once here: a book, "no such book", or a failure's reason. */
class StoragesvcAnswersTest {

	private static final String BOOK_NOT_FOUND = """
			{"type":"tag:example.com,2026:storagesvc/book-not-found","title":"Book not found","status":404}""";

	private final StoragesvcClient client = mock(StoragesvcClient.class);

	private final Storagesvc storagesvc = new Storagesvc(client, null);

	@Test
	void onlyStoragesvcsBookNotFoundProblemIsNoSuchBook() {
		assertThat(notFound("application/problem+json", BOOK_NOT_FOUND)).isInstanceOf(StoragesvcNotFoundException.class);
		assertThat(notFound("application/problem+json;charset=UTF-8", BOOK_NOT_FOUND))
			.isInstanceOf(StoragesvcNotFoundException.class);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', nullValues = "none", textBlock = """
			Spring's own 404, about:blank         | application/problem+json | {"type":"about:blank","title":"Not Found","status":404}
			another problem type                  | application/problem+json | {"type":"tag:example.com,2026:storagesvc/other","status":404}
			the type, but not said to be a problem | application/json         | {"type":"tag:example.com,2026:storagesvc/book-not-found"}
			a proxy's page                        | text/html                | <html><h1>404 Not Found</h1></html>
			a problem that is not JSON            | application/problem+json | <html>
			no type at all                        | application/problem+json | {"status":404}
			no body                               | none                     | none
			""")
	void anyOther404IsAPathStoragesvcDoesNotServe(String what, String contentType, String body) {
		assertThat(notFound(contentType, body)).isInstanceOfSatisfying(StoragesvcFailureException.class,
				failure -> assertThat(failure.reason()).isEqualTo(StoragesvcFailureException.Reason.UNEXPECTED_NOT_FOUND))
			.hasMessageContaining("/v2/books/5");
	}

	@Test
	void onlyStoragesvcsShedProblemIsAShedCall() {
		String shed = """
				{"type":"tag:example.com,2026:storagesvc/too-many-requests-in-flight","title":"Too many requests in flight","status":503}""";
		assertThat(failed(HttpStatus.SERVICE_UNAVAILABLE, "application/problem+json", shed))
			.isInstanceOfSatisfying(StoragesvcFailureException.class, failure -> {
				assertThat(failure.reason()).isEqualTo(StoragesvcFailureException.Reason.SHED);
				assertThat(failure.retryAfter()).contains(Duration.ofSeconds(1));
			});
		// the database down (about:blank), the type without a problem's media type, the type on a 500
		assertThat(failed(HttpStatus.SERVICE_UNAVAILABLE, "application/problem+json",
				"{\"type\":\"about:blank\",\"status\":503}"))
			.isInstanceOfSatisfying(StoragesvcFailureException.class,
					failure -> assertThat(failure.reason()).isEqualTo(StoragesvcFailureException.Reason.ERROR_STATUS));
		assertThat(failed(HttpStatus.SERVICE_UNAVAILABLE, "application/json", shed))
			.isInstanceOfSatisfying(StoragesvcFailureException.class,
					failure -> assertThat(failure.reason()).isEqualTo(StoragesvcFailureException.Reason.ERROR_STATUS));
		assertThat(failed(HttpStatus.INTERNAL_SERVER_ERROR, "application/problem+json", shed))
			.isInstanceOfSatisfying(StoragesvcFailureException.class,
					failure -> assertThat(failure.reason()).isEqualTo(StoragesvcFailureException.Reason.ERROR_STATUS));
	}

	@Test
	void aListWithAnIncompleteBookIsIncompleteNamingItsIds() {
		given(client.books()).willReturn(List.of(book(1, "Emma"), book(23, ""), book(24, " ")));

		assertThatExceptionOfType(StoragesvcFailureException.class).isThrownBy(storagesvc::books)
			.satisfies(failure -> assertThat(failure.reason()).isEqualTo(StoragesvcFailureException.Reason.INCOMPLETE_BOOK))
			.withMessage("storagesvc sent an incomplete book in the book list: id 23, 24");
	}

	@Test
	void aListThatIsNoListOfBooksIsMalformed() {
		given(client.books()).willReturn(null, Arrays.asList(book(1, "Emma"), null));

		assertThat(reasonOf(storagesvc::books)).isEqualTo(StoragesvcFailureException.Reason.MALFORMED);
		assertThat(reasonOf(storagesvc::books)).isEqualTo(StoragesvcFailureException.Reason.MALFORMED);
	}

	@Test
	void oneBookIncompleteIsIncompleteAnotherBookOrNoneIsMalformed() {
		given(client.book(23)).willReturn(book(23, ""));
		given(client.book(5)).willReturn(book(6, "Emma"));

		assertThat(reasonOf(() -> storagesvc.book(23))).isEqualTo(StoragesvcFailureException.Reason.INCOMPLETE_BOOK);
		assertThat(reasonOf(() -> storagesvc.book(5))).isEqualTo(StoragesvcFailureException.Reason.MALFORMED);
		assertThat(reasonOf(() -> storagesvc.book(7))).isEqualTo(StoragesvcFailureException.Reason.MALFORMED);
	}

	/** The 404's body is read, never closed here: its close would drain it past the size limit. */
	@Test
	void readingA404LeavesClosingItsBodyToTheResponse() {
		AtomicBoolean closed = new AtomicBoolean();
		InputStream body = new ByteArrayInputStream(BOOK_NOT_FOUND.getBytes(StandardCharsets.UTF_8)) {

			@Override
			public void close() {
				closed.set(true);
			}

		};
		MockClientHttpResponse response = new MockClientHttpResponse(body, HttpStatus.NOT_FOUND);
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		MockClientHttpRequest request = new MockClientHttpRequest(HttpMethod.GET, URI.create("http://localhost/books/5"));

		assertThat(catchThrowable(() -> ErrorStatus.fail(request, response, Clock.systemUTC(), new ObjectMapper())))
			.isInstanceOf(StoragesvcNotFoundException.class);
		assertThat(closed).isFalse();
	}

	/**
	 * What Jackson makes of a 200 that is no book at all ({@code {}}, a health page: unknown fields
	 * ignored, missing ones null or 0) is malformed, a breaker failure: a wrong path answering 200 must
	 * not pass for storagesvc's data, which the breaker ignores.
	 */
	@Test
	void anAnswerWithoutABooksFieldsIsMalformedNotIncomplete() {
		Book nothing = new Book(0, null, null, null, 0, null);
		given(client.book(5)).willReturn(nothing);
		given(client.books()).willReturn(List.of(book(1, "Emma"), nothing));

		assertThat(reasonOf(() -> storagesvc.book(5))).isEqualTo(StoragesvcFailureException.Reason.MALFORMED);
		assertThat(reasonOf(storagesvc::books)).isEqualTo(StoragesvcFailureException.Reason.MALFORMED);
	}

	private static Throwable notFound(String contentType, String body) {
		return failed(HttpStatus.NOT_FOUND, contentType, body);
	}

	/** What ErrorStatus makes of an error status with this body, and {@code Retry-After: 1}. */
	private static Throwable failed(HttpStatus status, String contentType, String body) {
		MockClientHttpResponse response = new MockClientHttpResponse(
				(body != null) ? body.getBytes(StandardCharsets.UTF_8) : new byte[0], status);
		if (contentType != null) {
			response.getHeaders().setContentType(MediaType.parseMediaType(contentType));
		}
		response.getHeaders().set("Retry-After", "1");
		MockClientHttpRequest request = new MockClientHttpRequest(HttpMethod.GET, URI.create("http://localhost/v2/books/5"));
		return catchThrowable(() -> ErrorStatus.fail(request, response, Clock.systemUTC(), new ObjectMapper()));
	}

	private static StoragesvcFailureException.Reason reasonOf(Runnable answer) {
		Throwable failure = catchThrowable(answer::run);
		assertThat(failure).isInstanceOf(StoragesvcFailureException.class);
		return ((StoragesvcFailureException) failure).reason();
	}

	private static Book book(long id, String title) {
		return new Book(id, title, "Jane Austen", "9780141439587", 1815, null);
	}

}
