package com.example.booksvc.catalog;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.skyscreamer.jsonassert.JSONAssert;
import org.skyscreamer.jsonassert.JSONCompareMode;
import org.wiremock.spring.ConfigureWireMock;
import org.wiremock.spring.EnableWireMock;
import org.wiremock.spring.InjectWireMock;

import com.example.booksvc.RedisContainerConfiguration;
import com.example.booksvc.edge.BookQueries;
import com.example.booksvc.storagesvc.StoragesvcNotFoundException;

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
import static com.example.booksvc.Fixtures.warmUp;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A flood of distinct lookups saturates booksvc itself; what the benchmark's flood showed, each
 * piece on its own: booksvc's own backlog must not reach the breaker as storagesvc's slowness, a
 * stall among hundreds of answers must not open it, and lookups past booksvc's door are shed at
 * once while the book list is never shed. The policies are application.yml's, but for a door of 2.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
		"resilience4j.bulkhead.instances.lookups.max-concurrent-calls=2", "booksvc.answer-reuse=0ms",
		"booksvc.not-found-reuse=0ms" })
@EnableWireMock(@ConfigureWireMock(name = "storagesvc", baseUrlProperties = "storagesvc.base-url"))
@Import(RedisContainerConfiguration.class)
class FloodIT {

	@InjectWireMock("storagesvc")
	private WireMockServer storagesvc;

	@Autowired
	private TestRestTemplate http;

	@Autowired
	private BookQueries queries;

	@Autowired
	private CircuitBreakerRegistry breakers;

	@Autowired
	private BulkheadRegistry bulkheads;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private StringRedisTemplate redis;

	private CircuitBreaker breaker;

	@BeforeEach
	void warmAndClean() {
		breaker = breakers.circuitBreaker(Catalog.STORAGESVC);
		breaker.reset();
		warmUp(storagesvc, http);
		breaker.reset();
	}

	@Test
	void anAttemptDoesNotWaitBehindBooksvcsOwnBacklog() throws InterruptedException {
		storagesvc.stubFor(get("/books/1").willReturn(okJson(bookJson(1))));
		// Every carrier of the virtual-thread scheduler busy, as under a flood of requests: a virtual
		// thread waits its turn until one is free (here: until the spinning stops, 3 s later).
		int carriers = Integer.getInteger("jdk.virtualThreadScheduler.parallelism",
				Runtime.getRuntime().availableProcessors());
		CountDownLatch spinning = new CountDownLatch(carriers);
		AtomicBoolean stop = new AtomicBoolean();
		long latest = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
		for (int carrier = 0; carrier < carriers; carrier++) {
			Thread.ofVirtual().start(() -> {
				spinning.countDown();
				while (!stop.get() && System.nanoTime() < latest) {
					Thread.onSpinWait();
				}
			});
		}
		assertThat(spinning.await(5, TimeUnit.SECONDS)).isTrue();

		Answer<?> answer;
		try {
			answer = queries.book(1).join();
		}
		finally {
			stop.set(true);
		}

		// one attempt, in time (400 ms), from storagesvc: the breaker saw storagesvc, not booksvc's queue
		assertThat(answer.source()).isEqualTo(Answer.Source.STORAGESVC);
		storagesvc.verify(exactly(1), getRequestedFor(urlEqualTo("/books/1")));
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
		assertThat(breaker.getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(1);
	}

	@Test
	void aStallAmidAFloodOfAnswersDoesNotOpenTheBreaker() {
		// A second of a flood: storagesvc answers hundreds of lookups, "no such book" for most...
		for (int id = 0; id < 300; id++) {
			breaker.acquirePermission();
			breaker.onError(3, TimeUnit.MILLISECONDS, new StoragesvcNotFoundException("/books/" + id));
		}
		// ...then booksvc stalls (a GC pause, its CPU saturated) and every attempt in flight times out.
		for (int attempt = 0; attempt < 10; attempt++) {
			breaker.acquirePermission();
			breaker.onError(400, TimeUnit.MILLISECONDS, new TimeoutException("TimeLimiter 'storagesvc'"));
		}

		assertThat(breaker.getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(300);
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(10);
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);

		// storagesvc really failing still opens it: as soon as failures are 90 % of the window
		int failures = 10;
		while (breaker.tryAcquirePermission()) {
			breaker.onError(400, TimeUnit.MILLISECONDS, new TimeoutException("TimeLimiter 'storagesvc'"));
			failures++;
		}
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
		assertThat(failures).isEqualTo(2700);
	}

	@Test
	void lookupsPastTheDoorAreShedAtOnceAndTheListIsNot() throws Exception {
		storagesvc.stubFor(get("/books").willReturn(okJson(BOOKS_JSON)));
		storagesvc.stubFor(get("/books/33").willReturn(okJson(bookJson(33))));
		double shedBefore = shed();
		List<ResponseEntity<String>> answers = withTheDoorFull(
				() -> List.of(http.getForEntity("/books/33", String.class), http.getForEntity("/books", String.class)));
		ResponseEntity<String> shed = answers.get(0);
		ResponseEntity<String> list = answers.get(1);

		assertThat(shed.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(shed.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(shed.getHeaders().getFirst("Retry-After")).isEqualTo("1");
		// the same problem Spring MVC renders for booksvc's other errors, field for field
		JSONAssert.assertEquals("""
				{"type": "about:blank", "title": "Too many lookups in flight", "status": 503, "instance": "/books/33",
				 "detail": "booksvc is answering as many book lookups as it can; try again shortly"}""", shed.getBody(),
				JSONCompareMode.STRICT);
		assertThat(shed() - shedBefore).isEqualTo(1);
		storagesvc.verify(exactly(0), getRequestedFor(urlEqualTo("/books/33")));
		assertThat(list.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(list.getHeaders().getFirst("X-Data-Source")).isEqualTo("storagesvc");
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();

		// the permits are back: the next lookup goes through, and gives its own permit back
		assertThat(http.getForEntity("/books/33", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
		storagesvc.verify(exactly(1), getRequestedFor(urlEqualTo("/books/33")));
		assertThat(bulkheads.bulkhead("lookups").getMetrics().getAvailableConcurrentCalls()).isEqualTo(2);
	}

	/**
	 * Past the door, Redis is read only for a book this booksvc has seen: a flood of unknown ids
	 * costs no command, a book it answered before is still the cache's answer.
	 */
	@Test
	void pastTheDoorOnlyABookSeenBeforeIsReadFromTheCache() {
		storagesvc.stubFor(get("/books/1").willReturn(okJson(bookJson(1))));
		assertThat(http.getForEntity("/books/1", String.class).getHeaders().getFirst("X-Data-Source")).isEqualTo("storagesvc");
		await().atMost(Duration.ofSeconds(5)).until(() -> redis.hasKey("booksvc:v1:book:1"));
		CircuitBreaker redisCommands = breakers.circuitBreaker("redis");
		redisCommands.reset();
		List<ResponseEntity<String>> answers = withTheDoorFull(() -> {
			ResponseEntity<String> unknownBook = http.getForEntity("/books/4242", String.class);
			assertThat(redisCommands.getMetrics().getNumberOfBufferedCalls()).isZero();
			return List.of(unknownBook, http.getForEntity("/books/1", String.class));
		});
		ResponseEntity<String> unknown = answers.get(0);
		ResponseEntity<String> seen = answers.get(1);

		assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(seen.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(seen.getHeaders().getFirst("X-Data-Source")).isEqualTo("cache");
		assertThat(redisCommands.getMetrics().getNumberOfBufferedCalls()).isEqualTo(1);
		storagesvc.verify(exactly(0), getRequestedFor(urlEqualTo("/books/4242")));
		storagesvc.verify(exactly(1), getRequestedFor(urlEqualTo("/books/1")));
	}

	/**
	 * Runs {@code requests} with the door's two permits taken, as two lookups in flight take them:
	 * held for as long as the test needs, not for a stub's delay that has to fit inside the time limit.
	 */
	private <T> T withTheDoorFull(Supplier<T> requests) {
		Bulkhead door = bulkheads.bulkhead("lookups");
		door.acquirePermission();
		door.acquirePermission();
		try {
			return requests.get();
		}
		finally {
			door.onComplete();
			door.onComplete();
		}
	}

	private double shed() {
		return meters.get("booksvc.answers").tag("source", "shed").counter().count();
	}

}
