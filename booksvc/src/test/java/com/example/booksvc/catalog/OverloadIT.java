package com.example.booksvc.catalog;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wiremock.spring.ConfigureWireMock;
import org.wiremock.spring.EnableWireMock;
import org.wiremock.spring.InjectWireMock;

import com.example.booksvc.RedisContainerConfiguration;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import static com.example.booksvc.Fixtures.bookJson;
import static com.example.booksvc.Fixtures.bookNotFound;
import static com.example.booksvc.Fixtures.warmUp;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * booksvc's own callers outrunning storagesvc is not storagesvc failing: the bulkhead (2 permits
 * here) rejects the excess at once, without another attempt, the cache answers it (here: nothing
 * cached, a 503), and the breaker records nothing. A flood of one unknown id costs storagesvc one
 * call.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
		"resilience4j.bulkhead.instances.storagesvc.max-concurrent-calls=2", "booksvc.answer-reuse=0ms",
		// The flood must fall inside one not-found window however slowly this machine runs it.
		"booksvc.not-found-reuse=1h",
		// Room to hold the permits for seconds without a timeout: the bulkhead is under test here.
		"resilience4j.timelimiter.instances.storagesvc.timeout-duration=5s", "storagesvc.latency-budget=10s",
		"storagesvc.read-timeout=5s" })
@EnableWireMock(@ConfigureWireMock(name = "storagesvc", baseUrlProperties = "storagesvc.base-url"))
@Import(RedisContainerConfiguration.class)
class OverloadIT {

	private static final int HOLD_MILLIS = 2_000;

	@InjectWireMock("storagesvc")
	private WireMockServer storagesvc;

	@Autowired
	private TestRestTemplate http;

	@Autowired
	private CircuitBreakerRegistry breakers;

	@Autowired
	private BulkheadRegistry bulkheads;

	@Autowired
	private RetryRegistry retries;

	private CircuitBreaker breaker;

	/** A thread each: the common pool may have one thread only, and the two calls must overlap. */
	private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();

	@AfterEach
	void stopCallers() {
		callers.close();
	}

	@BeforeEach
	void warmAndClean() {
		warmUp(storagesvc, http);
		breaker = breakers.circuitBreaker(Catalog.STORAGESVC);
		breaker.reset();
	}

	@Test
	void callsBeyondTheBulkheadAreAnsweredAtOnceAndAreNoFailureOfStoragesvc() {
		// two slow answers hold both permits, far longer than the rejected call may take
		IntStream.of(1, 2).forEach(id -> storagesvc.stubFor(get("/books/" + id)
			.willReturn(okJson(bookJson(id)).withFixedDelay(HOLD_MILLIS))));
		storagesvc.stubFor(get("/books/3").willReturn(okJson(bookJson(3))));
		var held = IntStream.of(1, 2)
			.mapToObj(id -> CompletableFuture.supplyAsync(() -> http.getForEntity("/books/" + id, String.class),
					callers))
			.toList();
		await().atMost(Duration.ofSeconds(5))
			.until(() -> bulkheads.bulkhead(Catalog.STORAGESVC).getMetrics().getAvailableConcurrentCalls() == 0);

		Retry.Metrics retried = retries.retry(Catalog.STORAGESVC).getMetrics();
		long attemptedOnce = retried.getNumberOfFailedCallsWithoutRetryAttempt();
		long attemptedAgain = retried.getNumberOfFailedCallsWithRetryAttempt();

		ResponseEntity<String> rejected = http.getForEntity("/books/3", String.class);

		// at once: while both permits are still held, not after waiting for one
		assertThat(held).noneMatch(CompletableFuture::isDone);
		// not retried: one failed call without another attempt (the held calls have not ended yet)
		assertThat(retried.getNumberOfFailedCallsWithoutRetryAttempt()).isEqualTo(attemptedOnce + 1);
		assertThat(retried.getNumberOfFailedCallsWithRetryAttempt()).isEqualTo(attemptedAgain);
		assertThat(rejected.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(rejected.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(rejected.getHeaders().getFirst("Retry-After")).isEqualTo("1");
		storagesvc.verify(exactly(0), getRequestedFor(urlEqualTo("/books/3")));
		held.forEach(answer -> assertThat(answer.join().getStatusCode()).isEqualTo(HttpStatus.OK));
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
		assertThat(breaker.getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(2);

		// permits are back: the next call goes through
		assertThat(http.getForEntity("/books/3", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
		storagesvc.verify(exactly(1), getRequestedFor(urlEqualTo("/books/3")));
	}

	@Test
	void aFloodOfOneUnknownIdIsOneCall() {
		storagesvc.stubFor(get("/books/999").willReturn(bookNotFound(999)));

		for (int request = 0; request < 20; request++) {
			assertThat(http.getForEntity("/books/999", String.class).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		}

		storagesvc.verify(exactly(1), getRequestedFor(urlEqualTo("/books/999")));
		// the one 404 is storagesvc answering: a success for the breaker
		assertThat(breaker.getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(1);
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
	}

}
