package com.example.booksvc.catalog;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
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
import org.springframework.http.ResponseEntity;

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
 * A wait for a pooled connection that runs out is booksvc's own saturation: not retried, not a
 * breaker failure, answered by the cache. One connection here, and a bulkhead wider than the pool,
 * so that the second call must wait for the first's connection.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
		"storagesvc.max-connections=1", "resilience4j.bulkhead.instances.storagesvc.max-concurrent-calls=10",
		"booksvc.answer-reuse=0ms",
		// Room to hold the connection for seconds without a timeout: the pool wait is under test here.
		"resilience4j.timelimiter.instances.storagesvc.timeout-duration=5s", "storagesvc.latency-budget=10s",
		"storagesvc.read-timeout=5s" })
@EnableWireMock(@ConfigureWireMock(name = "storagesvc", baseUrlProperties = "storagesvc.base-url"))
@Import(RedisContainerConfiguration.class)
class PoolExhaustedIT {

	@InjectWireMock("storagesvc")
	private WireMockServer storagesvc;

	@Autowired
	private TestRestTemplate http;

	@Autowired
	private CircuitBreakerRegistry breakers;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private RetryRegistry retries;

	/** Its own thread: the common pool may have one thread only. */
	private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();

	@AfterEach
	void stopCallers() {
		callers.close();
	}

	@Test
	void aPoolWaitThatRunsOutIsNoFailureOfStoragesvc() {
		warmUp(storagesvc, http);
		CircuitBreaker breaker = breakers.circuitBreaker(Catalog.STORAGESVC);
		breaker.reset();
		// holds the only connection far longer than a pool wait (connect-timeout, 250 ms), or three
		storagesvc.stubFor(get("/books/1").willReturn(okJson(bookJson(1))
			.withFixedDelay(2_000)));
		storagesvc.stubFor(get("/books/2").willReturn(okJson(bookJson(2))));
		CompletableFuture<ResponseEntity<String>> holder = CompletableFuture
			.supplyAsync(() -> http.getForEntity("/books/1", String.class), callers);
		await().atMost(Duration.ofSeconds(5)).until(() -> meters.get("httpcomponents.httpclient.pool.total.connections")
			.tag("httpclient", "storagesvc")
			.tag("state", "leased")
			.gauge()
			.value() == 1);

		Retry.Metrics retried = retries.retry(Catalog.STORAGESVC).getMetrics();
		long attemptedOnce = retried.getNumberOfFailedCallsWithoutRetryAttempt();
		long attemptedAgain = retried.getNumberOfFailedCallsWithRetryAttempt();

		ResponseEntity<String> waited = http.getForEntity("/books/2", String.class);

		// answered while the connection is still held, after one attempt only
		assertThat(holder).isNotDone();
		assertThat(retried.getNumberOfFailedCallsWithoutRetryAttempt()).isEqualTo(attemptedOnce + 1);
		assertThat(retried.getNumberOfFailedCallsWithRetryAttempt()).isEqualTo(attemptedAgain);
		assertThat(waited.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		storagesvc.verify(exactly(0), getRequestedFor(urlEqualTo("/books/2")));
		assertThat(holder.join().getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
	}

}
