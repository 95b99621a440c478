package com.example.booksvc.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.jayway.jsonpath.JsonPath;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.wiremock.spring.ConfigureWireMock;
import org.wiremock.spring.EnableWireMock;
import org.wiremock.spring.InjectWireMock;

import com.example.booksvc.RedisContainerConfiguration;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import static com.example.booksvc.Fixtures.bookNotFound;
import static com.example.booksvc.Fixtures.cacheKey;
import static com.example.booksvc.Fixtures.storagesvcDownBeyondTheBudget;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Whatever Redis holds, a fallback answers a valid cached answer or a 503 problem: never a 500,
 * never another book than the one asked for, never a book storagesvc has since said it does not
 * have. storagesvc is down throughout (503, Retry-After beyond the budget: the cache answers at once).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = { "booksvc.answer-reuse=0ms",
		"booksvc.not-found-reuse=0ms" })
@EnableWireMock(@ConfigureWireMock(name = "storagesvc", baseUrlProperties = "storagesvc.base-url"))
@Import(RedisContainerConfiguration.class)
class HostileCacheIT {

	private static final String NOW = Instant.now().toString();

	private static final String EMMA = """
			{"id":2,"title":"Emma","author":"Jane Austen","isbn":"9780141439587","publishedYear":1815,"description":"A matchmaker."}""";

	private static final String DRACULA = """
			{"id":3,"title":"Dracula","author":"Bram Stoker","isbn":"9780141439846","publishedYear":1897,"description":"A count."}""";

	@InjectWireMock("storagesvc")
	private WireMockServer storagesvc;

	@Autowired
	private TestRestTemplate http;

	@Autowired
	private StringRedisTemplate redis;

	@Autowired
	private CircuitBreakerRegistry breakers;

	@Autowired
	private MeterRegistry meters;

	@BeforeEach
	void storagesvcDownAndNothingCached() {
		storagesvc.resetAll();
		storagesvcDownBeyondTheBudget(storagesvc);
		redis.delete(redis.keys("booksvc:*"));
		breakers.circuitBreaker("storagesvc").reset();
	}

	static Stream<Arguments> badEntries() {
		return Stream.of(
				Arguments.of("garbage", "books", "not json at all"),
				Arguments.of("the issue's entry: a book with only an id", "books", "{\"value\":[{\"id\":1}]}"),
				Arguments.of("no fetchedAt", "books", "{\"value\":[" + EMMA + "]}"),
				Arguments.of("an incomplete book", "books",
						"{\"value\":[{\"id\":2,\"title\":\"\",\"author\":null,\"isbn\":\"x\"}],\"fetchedAt\":\"" + NOW + "\"}"),
				Arguments.of("a null in the list", "books", "{\"value\":[null],\"fetchedAt\":\"" + NOW + "\"}"),
				Arguments.of("no list at all", "books", "{\"value\":null,\"fetchedAt\":\"" + NOW + "\"}"),
				Arguments.of("the value of another type", "books", "{\"value\":\"Emma\",\"fetchedAt\":\"" + NOW + "\"}"),
				Arguments.of("an old format: the bare list", "books", "[" + EMMA + "]"),
				Arguments.of("fetchedAt in the future", "books",
						"{\"value\":[" + EMMA + "],\"fetchedAt\":\"" + Instant.now().plus(Duration.ofDays(1)) + "\"}"),
				Arguments.of("fetchedAt that is no time", "books", "{\"value\":[" + EMMA + "],\"fetchedAt\":\"yesterday\"}"),
				Arguments.of("another book under book 2's key", "book:2", "{\"value\":" + DRACULA + ",\"fetchedAt\":\"" + NOW + "\"}"),
				Arguments.of("a list under book 2's key", "book:2", "{\"value\":[" + EMMA + "],\"fetchedAt\":\"" + NOW + "\"}"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badEntries")
	void aBadEntryIsAMissNeverA500NorAnotherBook(String what, String key, String entry) {
		redis.opsForValue().set(cacheKey(key), entry);
		double rejectedBefore = rejected();

		for (String path : new String[] { "/", "/books", "/books/2" }) {
			ResponseEntity<String> response = http.getForEntity(path, String.class);

			assertThat(response.getStatusCode()).as(path).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
			assertThat(response.getHeaders().getContentType()).as(path).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		}
		assertThat(rejected()).isGreaterThan(rejectedBefore);
	}

	@Test
	void aBookStoragesvcNoLongerHasIsNotServedInTheNextOutage() {
		// given: the list with Emma and Dracula cached, then storagesvc says Emma is gone
		storagesvc.stubFor(get("/books").willReturn(okJson("[" + EMMA + "," + DRACULA + "]")));
		storagesvc.stubFor(get("/books/2").willReturn(bookNotFound(2)));
		assertThat(http.getForEntity("/books", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(http.getForEntity("/books/2", String.class).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		await().atMost(Duration.ofSeconds(5))
			.until(() -> redis.hasKey(cacheKey("books")) && redis.hasKey(cacheKey("book:2")));

		// when: storagesvc goes down
		storagesvcDownBeyondTheBudget(storagesvc);

		// then: Dracula still comes from the cached list, Emma does not
		ResponseEntity<String> dracula = http.getForEntity("/books/3", String.class);
		assertThat(dracula.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(JsonPath.<Integer>read(dracula.getBody(), "$.id")).isEqualTo(3);
		assertThat(http.getForEntity("/books/2", String.class).getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
	}

	@Test
	void aNotFoundForABookTheCacheDoesNotKnowWritesNothing() {
		storagesvc.stubFor(get("/books/999").willReturn(bookNotFound(999)));

		assertThat(http.getForEntity("/books/999", String.class).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);

		// Writes are asynchronous (the cache's background writer, no delay of its own): a second is
		// ample for one to land, and none may.
		await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2))
			.until(() -> !redis.hasKey(cacheKey("book:999")));
	}

	@Test
	void aValidEntryIsServedForItsOwnKeyOnly() {
		redis.opsForValue().set(cacheKey("book:2"), "{\"value\":" + EMMA + ",\"fetchedAt\":\"" + NOW + "\"}");

		ResponseEntity<String> emma = http.getForEntity("/books/2", String.class);

		assertThat(emma.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(JsonPath.<String>read(emma.getBody(), "$.title")).isEqualTo("Emma");
		assertThat(http.getForEntity("/books/3", String.class).getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
	}

	private double rejected() {
		Counter rejected = meters.find("booksvc.cache.rejected").counter();
		return (rejected != null) ? rejected.count() : 0;
	}

}
