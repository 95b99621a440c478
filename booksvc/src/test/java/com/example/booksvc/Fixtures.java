package com.example.booksvc;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import org.springframework.boot.test.web.client.TestRestTemplate;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.serviceUnavailable;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/** What the tests share: storagesvc's answers as WireMock serves them, and the cache's keys. */
public final class Fixtures {

	public static final String BOOKS_JSON = """
			[{"id":1,"title":"Pride and Prejudice","author":"Jane Austen","isbn":"9780141439518","publishedYear":1813,"description":"Elizabeth Bennet spars with Mr Darcy."},
			 {"id":2,"title":"Emma","author":"Jane Austen","isbn":"9780141439587","publishedYear":1815,"description":"A matchmaker learns."}]""";

	public static final String OTHER_BOOKS_JSON = """
			[{"id":3,"title":"Dracula","author":"Bram Stoker","isbn":"9780141439846","publishedYear":1897,"description":"A count travels."}]""";

	/** One book as storagesvc answers {@code GET /books/{id}}, with the id asked for. */
	public static String bookJson(long id) {
		return """
				{"id":%d,"title":"Emma","author":"Jane Austen","isbn":"9780141439587","publishedYear":1815,"description":"A matchmaker."}"""
			.formatted(id);
	}

	/**
	 * storagesvc's 404 for a book it does not have, as it sends it: the problem type spelled out here,
	 * not taken from booksvc's code, so that a change on one side alone fails the tests.
	 */
	public static ResponseDefinitionBuilder bookNotFound(long id) {
		return aResponse().withStatus(404)
			.withHeader("Content-Type", "application/problem+json")
			.withBody("""
					{"type":"tag:example.com,2026:storagesvc/book-not-found","title":"Book not found","status":404,\
					"detail":"No book with id %d","instance":"/books/%d"}""".formatted(id, id));
	}

	/** storagesvc's load shedding: a request refused before any work, as storagesvc answers it. */
	public static ResponseDefinitionBuilder storagesvcShed() {
		return aResponse().withStatus(503)
			.withHeader("Content-Type", "application/problem+json")
			.withHeader("Retry-After", "1")
			.withBody("""
					{"type":"tag:example.com,2026:storagesvc/too-many-requests-in-flight","title":"Too many requests in flight",\
					"status":503,"detail":"storagesvc is serving as many book requests as it can; try again shortly"}""");
	}

	/**
	 * storagesvc down as it says so with its database gone, asking for a wait beyond any latency
	 * budget: one call, no retry, and the fallback at once, for every books path.
	 */
	public static void storagesvcDownBeyondTheBudget(WireMockServer storagesvc) {
		storagesvc.stubFor(get(urlPathMatching("/books.*")).willReturn(serviceUnavailable().withHeader("Retry-After", "60")));
	}

	/** The Redis key booksvc keeps {@code key} ("books", "book:2") under (booksvc.cache.key-prefix). */
	public static String cacheKey(String key) {
		return "booksvc:v1:" + key;
	}

	/**
	 * A fresh application's first call is slow (class loading): made before anything is counted or
	 * timed, then forgotten by WireMock, stubs included.
	 */
	public static void warmUp(WireMockServer storagesvc, TestRestTemplate http) {
		storagesvc.stubFor(get("/books/100").willReturn(okJson(bookJson(100))));
		http.getForEntity("/books/100", String.class);
		storagesvc.resetAll();
	}

	private Fixtures() {
	}

}
