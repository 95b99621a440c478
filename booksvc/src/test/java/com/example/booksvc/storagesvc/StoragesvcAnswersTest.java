package com.example.booksvc.storagesvc;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

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
import static org.assertj.core.api.Assertions.catchThrowable;

/** What each of storagesvc's answers is, decided once here: a book, "no such book", or a failure's reason. */
class StoragesvcAnswersTest {

	private static final String BOOK_NOT_FOUND = """
			{"type":"tag:example.com,2026:storagesvc/book-not-found","title":"Book not found","status":404}""";

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

	private static Throwable notFound(String contentType, String body) {
		MockClientHttpResponse response = new MockClientHttpResponse(
				(body != null) ? body.getBytes(StandardCharsets.UTF_8) : new byte[0], HttpStatus.NOT_FOUND);
		if (contentType != null) {
			response.getHeaders().setContentType(MediaType.parseMediaType(contentType));
		}
		MockClientHttpRequest request = new MockClientHttpRequest(HttpMethod.GET, URI.create("http://localhost/v2/books/5"));
		return catchThrowable(() -> Storagesvc.failOnErrorStatus(request, response, Clock.systemUTC(), new ObjectMapper()));
	}

}
