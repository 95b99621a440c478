package com.example.booksvc.book;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wiremock.spring.ConfigureWireMock;
import org.wiremock.spring.EnableWireMock;
import org.wiremock.spring.InjectWireMock;

import com.example.booksvc.RedisContainerConfiguration;
import com.example.testsupport.ApiContract;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.StringRedisTemplate;

import static com.example.booksvc.Fixtures.BOOKS_JSON;
import static com.example.booksvc.Fixtures.bookJson;
import static com.example.booksvc.Fixtures.bookNotFound;
import static com.example.booksvc.Fixtures.cacheKey;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * booksvc's OpenAPI document: the committed copy ({@code booksvc/openapi.json}) is what booksvc
 * serves, and every response it states is one booksvc really gives, with storagesvc played by
 * WireMock and a real Redis.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "booksvc.answer-reuse=0ms", "booksvc.not-found-reuse=0ms" })
@EnableWireMock(@ConfigureWireMock(name = "storagesvc", baseUrlProperties = "storagesvc.base-url"))
@Import(RedisContainerConfiguration.class)
class ApiDocumentIT {

	private static final String[] BOOK_LISTS = { "/", "/books" };

	@InjectWireMock("storagesvc")
	private WireMockServer storagesvc;

	@LocalServerPort
	private int port;

	@Autowired
	private StringRedisTemplate redis;

	@Autowired
	private CircuitBreakerRegistry breakers;

	private ApiContract contract;

	@BeforeEach
	void servedDocument() throws Exception {
		try (RedisConnection connection = redis.getRequiredConnectionFactory().getConnection()) {
			connection.serverCommands().flushAll();
		}
		contract = ApiContract.servedBy(URI.create("http://localhost:" + port));
	}

	@Test
	void theServedDocumentIsTheCommittedOne() throws Exception {
		contract.assertMatchesCommittedCopy(Path.of(System.getProperty("project.root", ".."), "booksvc", "openapi.json"));
	}

	@Test
	void everyDocumentedResponseIsARealOne() {
		// Nothing cached yet, storagesvc failing: 503 with Retry-After
		storagesvc.stubFor(get("/books").willReturn(aResponse().withStatus(500)));
		for (String list : BOOK_LISTS) {
			assertThat(contract.send(list, list, request()).statusCode()).isEqualTo(503);
		}
		storagesvc.stubFor(get("/books/5").willReturn(aResponse().withStatus(500)));
		assertThat(contract.send("/books/{id}", "/books/5", request()).statusCode()).isEqualTo(503);
		breakers.circuitBreaker("storagesvc").reset();

		// Live, then not modified
		storagesvc.stubFor(get("/books").willReturn(okJson(BOOKS_JSON)));
		storagesvc.stubFor(get("/books/2").willReturn(okJson(bookJson(2))));
		for (String list : BOOK_LISTS) {
			String etag = contract.send(list, list, request()).headers().firstValue("ETag").orElseThrow();
			assertThat(contract.send(list, list, request().header("If-None-Match", etag)).statusCode()).isEqualTo(304);
		}
		String etag = contract.send("/books/{id}", "/books/2", request()).headers().firstValue("ETag").orElseThrow();
		assertThat(contract.send("/books/{id}", "/books/2", request().header("If-None-Match", etag)).statusCode()).isEqualTo(304);

		// From the cache, with Age: once the live answer's write (asynchronous) has landed
		await().atMost(Duration.ofSeconds(5)).until(() -> redis.hasKey(cacheKey("books")));
		storagesvc.stubFor(get("/books").willReturn(aResponse().withStatus(503)));
		HttpResponse<String> cached = contract.send("/books", "/books", request());
		assertThat(cached.headers().firstValue("X-Data-Source")).hasValue("cache");
		assertThat(cached.headers().firstValue("Age")).isPresent();
		breakers.circuitBreaker("storagesvc").reset();

		// Errors
		assertThat(contract.send("/books/{id}", "/books/abc", request()).statusCode()).isEqualTo(400);
		storagesvc.stubFor(get("/books/999").willReturn(bookNotFound(999)));
		assertThat(contract.send("/books/{id}", "/books/999", request()).statusCode()).isEqualTo(404);
		storagesvc.stubFor(get("/books").willReturn(aResponse().withStatus(400)));
		storagesvc.stubFor(get("/books/7").willReturn(aResponse().withStatus(400)));
		for (String list : BOOK_LISTS) {
			assertThat(contract.send(list, list, request()).statusCode()).isEqualTo(502);
		}
		assertThat(contract.send("/books/{id}", "/books/7", request()).statusCode()).isEqualTo(502);

		contract.assertEveryResponseSent();
	}

	private static HttpRequest.Builder request() {
		return HttpRequest.newBuilder();
	}

}
