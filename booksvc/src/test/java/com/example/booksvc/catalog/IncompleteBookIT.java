package com.example.booksvc.catalog;

import java.time.Duration;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.jayway.jsonpath.JsonPath;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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
import org.springframework.http.ResponseEntity;

import static com.example.booksvc.Fixtures.bookJson;
import static com.example.booksvc.Fixtures.cacheKey;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One incomplete book in storagesvc's list (a row written past its API, an empty title): the list is
 * answered from the cache, the last complete one, but storagesvc is up, and neither another attempt
 * nor an open breaker would help. So no retry and no breaker failure: lookups of the other books
 * stay live.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
		"booksvc.answer-reuse=0ms", "booksvc.not-found-reuse=0ms" })
@EnableWireMock(@ConfigureWireMock(name = "storagesvc", baseUrlProperties = "storagesvc.base-url"))
@Import(RedisContainerConfiguration.class)
class IncompleteBookIT {

	private static final String COMPLETE_LIST = """
			[{"id":1,"title":"Pride and Prejudice","author":"Jane Austen","isbn":"9780141439518","publishedYear":1813,"description":null},
			 {"id":3,"title":"Dracula","author":"Bram Stoker","isbn":"9780141439846","publishedYear":1897,"description":null}]""";

	private static final String LIST_WITH_AN_EMPTY_TITLE = """
			[{"id":1,"title":"Pride and Prejudice","author":"Jane Austen","isbn":"9780141439518","publishedYear":1813,"description":null},
			 {"id":3,"title":"Dracula","author":"Bram Stoker","isbn":"9780141439846","publishedYear":1897,"description":null},
			 {"id":23,"title":"","author":"x","isbn":"9780141441009","publishedYear":1900,"description":null}]""";

	@InjectWireMock("storagesvc")
	private WireMockServer storagesvc;

	@Autowired
	private TestRestTemplate http;

	@Autowired
	private CircuitBreakerRegistry breakers;

	@Autowired
	private StringRedisTemplate redis;

	@Autowired
	private MeterRegistry meters;

	private CircuitBreaker breaker;

	@BeforeEach
	void startClean() {
		Fixtures.warmUp(storagesvc, http);
		redis.delete(redis.keys("booksvc:*"));
		breaker = breakers.circuitBreaker(Catalog.STORAGESVC);
		breaker.reset();
	}

	@Test
	void aListWithAnIncompleteBookComesFromTheCacheWithoutOpeningTheBreaker() {
		// given: the complete list cached, then a book with an empty title in every answer
		storagesvc.stubFor(get("/books").willReturn(okJson(COMPLETE_LIST)));
		assertThat(http.getForEntity("/", String.class).getHeaders().getFirst("X-Data-Source")).isEqualTo("storagesvc");
		await().atMost(Duration.ofSeconds(5)).until(() -> redis.hasKey(cacheKey("books")));
		storagesvc.resetAll();
		breaker.reset();
		storagesvc.stubFor(get("/books").willReturn(okJson(LIST_WITH_AN_EMPTY_TITLE)));
		storagesvc.stubFor(get("/books/3").willReturn(okJson(bookJson(3))));
		double countedBefore = incompleteAnswers();
		// more than the breaker needs to judge, well within its window (2 s)
		int requests = breaker.getCircuitBreakerConfig().getMinimumNumberOfCalls() * 2;

		for (int i = 0; i < requests; i++) {
			ResponseEntity<String> books = http.getForEntity("/", String.class);
			assertThat(books.getStatusCode()).isEqualTo(HttpStatus.OK);
			assertThat(books.getHeaders().getFirst("X-Data-Source")).isEqualTo("cache");
			assertThat(JsonPath.<Integer>read(books.getBody(), "$.books.length()")).isEqualTo(2);
		}
		ResponseEntity<String> dracula = http.getForEntity("/books/3", String.class);

		// one call an answer, none retried, none held against storagesvc
		storagesvc.verify(exactly(requests), getRequestedFor(urlEqualTo("/books")));
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
		assertThat(breaker.getMetrics().getNumberOfNotPermittedCalls()).isZero();
		assertThat(incompleteAnswers() - countedBefore).isEqualTo(requests);
		// and another book's lookup stays live
		assertThat(dracula.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(dracula.getHeaders().getFirst("X-Data-Source")).isEqualTo("storagesvc");
		storagesvc.verify(exactly(1), getRequestedFor(urlEqualTo("/books/3")));
	}

	@Test
	void theIncompleteBookItselfIsNotRetriedNorHeldAgainstStoragesvc() {
		storagesvc.stubFor(get("/books/23").willReturn(okJson("""
				{"id":23,"title":"","author":"x","isbn":"9780141441009","publishedYear":1900,"description":null}""")));

		ResponseEntity<String> response = http.getForEntity("/books/23", String.class);

		// nothing cached for it: 503 problem, as for any answer booksvc cannot serve
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		storagesvc.verify(exactly(1), getRequestedFor(urlEqualTo("/books/23")));
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
	}

	private double incompleteAnswers() {
		return meters.find("booksvc.storagesvc.incomplete").counters().stream().mapToDouble(c -> c.count()).sum();
	}

}
