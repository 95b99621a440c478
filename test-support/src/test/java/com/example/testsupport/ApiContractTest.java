package com.example.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What {@link ApiContract} holds an answer's formats to: at least what an outside validator,
 * Stoplight Prism (ajv-formats), holds them to. A plain JDK server serves a one-field document and
 * the answer to check against it.
 */
class ApiContractTest {

	private final HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);

	private final URI base = URI.create("http://localhost:" + server.getAddress().getPort());

	private volatile String document;

	private volatile String answer;

	ApiContractTest() throws IOException {
		server.createContext("/v3/api-docs", exchange -> reply(exchange, "application/json", document));
		server.createContext("/problem", exchange -> reply(exchange, "application/problem+json", answer));
		server.start();
	}

	@AfterEach
	void stop() {
		server.stop(0);
	}

	@Test
	void aProblemsInstanceIsAReferenceNotAnAbsoluteUri() {
		answer = """
				{"type": "about:blank", "title": "Not Found", "status": 404, "instance": "/books/5"}""";

		document = problemDocument("uri");
		assertThatThrownBy(this::check).isInstanceOf(AssertionError.class).hasMessageContaining("/instance");

		document = problemDocument("uri-reference");
		assertThatCode(this::check).doesNotThrowAnyException();
	}

	@ParameterizedTest(name = "{0} {1}: {2}")
	@CsvSource(delimiter = '|', textBlock = """
			string  | uri           | "http://localhost:8080/books/5"  | valid
			string  | uri           | "about:blank"                    | valid
			string  | uri           | "/books/5"                       | invalid
			string  | uri           | "http://localhost/a b"           | invalid
			string  | uri           | "http://localhost:port/"         | invalid
			string  | uri           | "http://[::1]:8080/books"        | valid
			string  | uri           | "http://[::1%1]:8080/books"      | invalid
			string  | uri-reference | "/books/5"                       | valid
			string  | uri-reference | "about:blank"                    | valid
			string  | uri-reference | "/books?author=a%20b#top"        | valid
			string  | uri-reference | "/books/ 5"                      | invalid
			string  | uri-reference | "/books/%zz"                     | invalid
			string  | uri-reference | "/bücher"                        | invalid
			string  | uri-reference | "/books?author=[a]"              | invalid
			string  | date-time     | "2026-12-07T15:48:29.123456Z"    | valid
			string  | date-time     | "2026-12-07T15:48:29+01:00"      | valid
			string  | date-time     | "2026-02-30T10:00:00Z"           | invalid
			string  | date-time     | "2026-12-07T15:48:29"            | invalid
			string  | date-time     | "2026-12-07T15:48Z"              | invalid
			string  | date-time     | "yesterday"                      | invalid
			string  | date          | "2028-02-29"                     | valid
			string  | date          | "2026-02-29"                     | invalid
			string  | email         | "reader@example.org"             | valid
			string  | email         | "reader@"                        | invalid
			string  | email         | "a reader"                       | invalid
			string  | email         | "Reader <reader@example.org>"    | invalid
			string  | email         | "reader@localhost"               | invalid
			integer | int32         | 2147483647                       | valid
			integer | int32         | 2147483648                       | invalid
			integer | int64         | 9223372036854775807              | valid
			integer | int64         | 9223372036854775808              | invalid
			""")
	void eachFormatIsAsserted(String type, String format, String value, String verdict) {
		document = problemDocument("uri-reference").replace("""
				"detail": {"type": "string"}""", """
				"detail": {"type": "%s", "format": "%s"}""".formatted(type, format));
		answer = """
				{"type": "about:blank", "title": "Bad Request", "status": 400, "detail": %s}""".formatted(value);

		if (verdict.equals("valid")) {
			assertThatCode(this::check).doesNotThrowAnyException();
		}
		else {
			assertThatThrownBy(this::check).isInstanceOf(AssertionError.class).hasMessageContaining("/detail");
		}
	}

	@Test
	void refusesADocumentWithAFormatItDoesNotAssert() {
		document = problemDocument("iri-reference");

		assertThatThrownBy(() -> ApiContract.servedBy(base)).isInstanceOf(AssertionError.class)
			.hasMessageContaining("iri-reference");
	}

	private void check() throws Exception {
		ApiContract.servedBy(base).send("/problem", "/problem", HttpRequest.newBuilder());
	}

	/** A document with one path, answering a problem whose {@code instance} is of {@code format}. */
	private static String problemDocument(String instanceFormat) {
		return """
				{"openapi": "3.0.1", "info": {"title": "formats", "version": "1"},
				 "paths": {"/problem": {"get": {"responses": {"200": {"description": "a problem",
				   "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}}}}},
				 "components": {"schemas": {"Problem": {"type": "object", "required": ["type", "title", "status"],
				   "properties": {"type": {"type": "string", "format": "uri-reference"}, "title": {"type": "string"},
				     "status": {"type": "integer", "format": "int32"},
				     "detail": {"type": "string"},
				     "instance": {"type": "string", "format": "%s"}}}}}}
				""".formatted(instanceFormat);
	}

	private static void reply(HttpExchange exchange, String contentType, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", contentType);
		exchange.sendResponseHeaders(200, bytes.length);
		try (exchange) {
			exchange.getResponseBody().write(bytes);
		}
	}

}
