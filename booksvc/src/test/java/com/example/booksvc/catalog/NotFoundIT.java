package com.example.booksvc.catalog;

import java.time.Duration;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.jayway.jsonpath.JsonPath;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.wiremock.spring.ConfigureWireMock;
import org.wiremock.spring.EnableWireMock;
import org.wiremock.spring.InjectWireMock;

import com.example.booksvc.Fixtures;
import com.example.booksvc.RedisContainerConfiguration;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import static com.example.booksvc.Fixtures.BOOKS_JSON;
import static com.example.booksvc.Fixtures.bookJson;
import static com.example.booksvc.Fixtures.bookNotFound;
import static com.example.booksvc.Fixtures.cacheKey;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Which 404 means "no such book": storagesvc's problem of its book-not-found type, and no other. A
 * 404 without it (a wrong base URL, a route missing mid-deploy, a proxy's page) is a failure: not
 * retried, recorded by the breaker, answered from the cache, and never cached as "gone".
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
		"booksvc.answer-reuse=0ms", "booksvc.not-found-reuse=0ms" })
@EnableWireMock(@ConfigureWireMock(name = "storagesvc", baseUrlProperties = "storagesvc.base-url"))
@Import(RedisContainerConfiguration.class)
class NotFoundIT {

	private static final String BOOK_KEY = cacheKey("book:2");

	@InjectWireMock("storagesvc")
	private WireMockServer storagesvc;

	@Autowired
	private TestRestTemplate http;

	@Autowired
	private CircuitBreakerRegistry breakers;

	@Autowired
	private StringRedisTemplate redis;

	private CircuitBreaker breaker;

	@BeforeEach
	void startClean() {
		Fixtures.warmUp(storagesvc, http);
		redis.delete(redis.keys("booksvc:*"));
		breaker = breakers.circuitBreaker(Catalog.STORAGESVC);
		breaker.reset();
	}

	static Stream<Arguments> notFoundsOfNoBook() {
		return Stream.of(Arguments.of("Spring's own, for a path it does not map", aResponse().withStatus(404)
			.withHeader("Content-Type", "application/problem+json")
			.withBody("""
					{"type":"about:blank","title":"Not Found","status":404,"detail":"No static resource v2/books/2.","instance":"/v2/books/2"}""")),
				Arguments.of("a proxy's page", aResponse().withStatus(404)
					.withHeader("Content-Type", "text/html")
					.withBody("<html><body><h1>404 Not Found</h1></body></html>")),
				Arguments.of("an empty one", aResponse().withStatus(404)),
				// What a wrong base path meets: WireMock's own 404 for a request no stub matches.
				Arguments.of("nothing there", null));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("notFoundsOfNoBook")
	void aNotFoundWithoutTheBookTypeIsAFailureAndTheCacheAnswers(String what, ResponseDefinitionBuilder notFound) {
		// given: the list and book 2's own entry cached
		givenCached();
		String cachedBook = redis.opsForValue().get(BOOK_KEY);
		if (notFound != null) {
			storagesvc.stubFor(get("/books").willReturn(notFound));
			storagesvc.stubFor(get("/books/2").willReturn(notFound));
		}

		ResponseEntity<String> books = http.getForEntity("/", String.class);
		ResponseEntity<String> book = http.getForEntity("/books/2", String.class);

		assertFromCache(books);
		assertFromCache(book);
		assertThat(JsonPath.<String>read(book.getBody(), "$.title")).isEqualTo("Emma");
		// not retried: another attempt at the wrong path meets the same 404
		storagesvc.verify(exactly(1), getRequestedFor(urlEqualTo("/books")));
		storagesvc.verify(exactly(1), getRequestedFor(urlEqualTo("/books/2")));
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(2);
		assertThat(breaker.getMetrics().getNumberOfSuccessfulCalls()).isZero();
		// never cached as gone: the cache writes one at a time, in order, so once a later write has
		// landed, anything the 404 had queued has too
		storagesvc.stubFor(get("/books/3").willReturn(okJson(bookJson(3))));
		assertThat(http.getForEntity("/books/3", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
		await().atMost(Duration.ofSeconds(5)).until(() -> redis.hasKey(cacheKey("book:3")));
		assertThat(redis.opsForValue().get(BOOK_KEY)).isEqualTo(cachedBook);
	}

	@Test
	void aWrongBasePathOpensTheBreakerAndNothingCachedIsA503NeverABookNotFound() {
		// WireMock answers its own 404 to every request: booksvc pointed at a path storagesvc lacks
		int minimumCalls = breaker.getCircuitBreakerConfig().getMinimumNumberOfCalls();

		for (int id = 1; id <= minimumCalls + 1; id++) {
			ResponseEntity<String> answer = http.getForEntity("/books/" + id, String.class);
			assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
			assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		}

		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
		// one call each until the breaker opened, none after
		assertThat(storagesvc.getAllServeEvents()).hasSize(minimumCalls);
	}

	@Test
	void storagesvcsBookNotFoundIsAnAnswerAndTheCacheForgetsTheBook() {
		givenCached();
		storagesvc.stubFor(get("/books/2").willReturn(bookNotFound(2)));

		ResponseEntity<String> response = http.getForEntity("/books/2", String.class);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(JsonPath.<String>read(response.getBody(), "$.title")).isEqualTo("Book not found");
		storagesvc.verify(exactly(1), getRequestedFor(urlEqualTo("/books/2")));
		assertThat(breaker.getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(1);
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
		// the book's entry now says storagesvc has no such book
		await().atMost(Duration.ofSeconds(5))
			.until(() -> JsonPath.read(redis.opsForValue().get(BOOK_KEY), "$.value") == null);
	}

	/** The list and book 2 answered live and both in Redis; WireMock and the breaker then forget the calls. */
	private void givenCached() {
		storagesvc.stubFor(get("/books").willReturn(okJson(BOOKS_JSON)));
		storagesvc.stubFor(get("/books/2").willReturn(okJson(bookJson(2))));
		assertThat(http.getForEntity("/books", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(http.getForEntity("/books/2", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
		await().atMost(Duration.ofSeconds(5)).until(() -> redis.hasKey(cacheKey("books")) && redis.hasKey(BOOK_KEY));
		storagesvc.resetAll();
		breaker.reset();
	}

	private static void assertFromCache(ResponseEntity<String> answer) {
		assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(answer.getHeaders().getFirst("X-Data-Source")).isEqualTo("cache");
	}

}
