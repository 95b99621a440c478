package com.example.booksvc.storagesvc;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.util.StreamUtils;

/**
 * What each of storagesvc's error statuses is: "no such book", one of the failure reasons the
 * policies are configured with, or booksvc's own bug. The rest of an answer's classification is
 * {@link Storagesvc}'s.
 */
final class ErrorStatus {

	/**
	 * The problem type of storagesvc's 404 for a book it does not have (its BookNotFoundException),
	 * the only 404 that means "no such book". Any other 404 is a path storagesvc does not serve.
	 */
	static final String BOOK_NOT_FOUND_TYPE = "tag:example.com,2026:storagesvc/book-not-found";

	/**
	 * The problem type of storagesvc's 503 for a request it refused before doing any of it (its load
	 * shedding's TooManyRequestsInFlight): safe to send again at once.
	 */
	static final String SHED_TYPE = "tag:example.com,2026:storagesvc/too-many-requests-in-flight";

	private ErrorStatus() {
	}

	/** What an HTTP error status means; the client's status handler (StoragesvcClientConfiguration). */
	static void fail(HttpRequest request, ClientHttpResponse response, Clock clock, ObjectMapper json)
			throws IOException {
		HttpStatusCode status = response.getStatusCode();
		if (status.value() == HttpStatus.NOT_FOUND.value()) {
			String path = request.getURI().getPath();
			throw BOOK_NOT_FOUND_TYPE.equals(problemType(response, json)) ? new StoragesvcNotFoundException(path)
					: StoragesvcFailureException.unexpectedNotFound(path);
		}
		if (status.is5xxServerError() || status.value() == HttpStatus.TOO_MANY_REQUESTS.value()) {
			Duration retryAfter = RetryAfter.parse(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER), clock).orElse(null);
			throw (status.value() == HttpStatus.SERVICE_UNAVAILABLE.value() && SHED_TYPE.equals(problemType(response, json)))
					? StoragesvcFailureException.shed(status, retryAfter)
					: StoragesvcFailureException.errorStatus(status, retryAfter);
		}
		throw new StoragesvcRejectedException(status);
	}

	/**
	 * The type of the problem storagesvc answered with, or null. The body is read only if it says it
	 * is a problem, and only as far as the client's size limit ({@code storagesvc.max-response-size});
	 * anything unreadable has no type.
	 */
	private static String problemType(ClientHttpResponse response, ObjectMapper json) {
		MediaType type = response.getHeaders().getContentType();
		if (type == null || !MediaType.APPLICATION_PROBLEM_JSON.isCompatibleWith(type)) {
			return null;
		}
		try {
			// Not closed by Jackson: HttpClient's close reads the rest of the body, past the size
			// limit, which only the response's own close (ResponseSizeLimit) caps.
			JsonNode problem = json.readTree(StreamUtils.nonClosing(response.getBody()));
			return (problem != null && problem.path("type").isTextual()) ? problem.path("type").asText() : null;
		}
		catch (IOException ex) {
			return null;
		}
	}

}
