package com.example.booksvc.catalog;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wiremock.spring.ConfigureWireMock;
import org.wiremock.spring.EnableWireMock;
import org.wiremock.spring.InjectWireMock;

import com.example.booksvc.RedisContainerConfiguration;
import com.example.booksvc.edge.BookQueries;
import com.example.booksvc.storagesvc.Book;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;

import static com.example.booksvc.Fixtures.bookJson;
import static com.example.booksvc.Fixtures.warmUp;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The breaker's two ways out of CLOSED and back into OPEN, with application.yml's thresholds read
 * from the registry: slow answers open it as failures do, and a failed probe in HALF_OPEN sends it
 * straight back. The breaker stays open until a test moves it on (a long wait), so that no automatic
 * half-open lets a probe through on a slow machine.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
		"resilience4j.circuitbreaker.instances.storagesvc.wait-duration-in-open-state=60s",
		// Room between the slow-call threshold (300 ms) and the time limit, so that a slow answer
		// is neither fast nor timed out on a loaded machine: the time limit is not under test here.
		"resilience4j.timelimiter.instances.storagesvc.timeout-duration=1s", "booksvc.answer-reuse=0ms",
		"booksvc.not-found-reuse=0ms" })
@EnableWireMock(@ConfigureWireMock(name = "storagesvc", baseUrlProperties = "storagesvc.base-url"))
@Import(RedisContainerConfiguration.class)
class CircuitBreakerIT {

	@InjectWireMock("storagesvc")
	private WireMockServer storagesvc;

	@Autowired
	private TestRestTemplate http;

	@Autowired
	private BookQueries queries;

	@Autowired
	private CircuitBreakerRegistry breakers;

	@Autowired
	private TimeLimiterRegistry timeLimiters;

	private CircuitBreaker breaker;

	/** A thread each: the slow calls must overlap to fall inside one sliding window. */
	private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();

	@BeforeEach
	void warmAndClean() {
		warmUp(storagesvc, http);
		breaker = breakers.circuitBreaker(Catalog.STORAGESVC);
		breaker.reset();
	}

	@AfterEach
	void stopCallers() {
		callers.close();
	}

	@Test
	void slowAnswersOpenItThoughEveryOneSucceeds() {
		CircuitBreakerConfig settings = breaker.getCircuitBreakerConfig();
		Duration slow = settings.getSlowCallDurationThreshold();
		Duration timeLimit = timeLimiters.timeLimiter(Catalog.STORAGESVC).getTimeLimiterConfig().getTimeoutDuration();
		// halfway between the two: slow, yet answered
		long slowMillis = slow.plus(timeLimit).dividedBy(2).toMillis();
		int calls = settings.getMinimumNumberOfCalls();
		// application.yml's promise: when the threshold's share of them are slow, storagesvc is struggling
		int slowCalls = (int) Math.ceil(calls * settings.getSlowCallRateThreshold() / 100);
		IntStream.rangeClosed(1, calls)
			.forEach(id -> storagesvc.stubFor(get("/books/" + id)
				.willReturn(okJson(bookJson(id)).withFixedDelay(id <= slowCalls ? (int) slowMillis : 0))));

		// all started before any is waited for: one sliding window (2 s) holds them, however slow
		List<CompletableFuture<Answer<Book>>> answers = IntStream.rangeClosed(1, calls)
			.mapToObj(id -> CompletableFuture.supplyAsync(() -> queries.book(id).join(), callers))
			.toList();

		assertThat(answers).allSatisfy(answer -> assertThat(answer.join().source()).isEqualTo(Answer.Source.STORAGESVC));
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
		assertThat(breaker.getMetrics().getNumberOfSlowSuccessfulCalls()).isEqualTo(slowCalls);
		assertThat(breaker.getMetrics().getSlowCallRate()).isGreaterThanOrEqualTo(settings.getSlowCallRateThreshold());
		storagesvc.verify(exactly(calls), getRequestedFor(urlPathMatching("/books/[0-9]+")));
	}

	@Test
	void aFailedProbeSendsItBackToOpen() {
		storagesvc.stubFor(get("/books").willReturn(serverError()));
		breaker.transitionToOpenState();
		// what the end of wait-duration-in-open-state does
		breaker.transitionToHalfOpenState();
		int probes = breaker.getCircuitBreakerConfig().getPermittedNumberOfCallsInHalfOpenState();

		// one request: its attempts are the probes, and the breaker stops the rest once they failed
		assertThat(http.getForEntity("/books", String.class).getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);

		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
		storagesvc.verify(exactly(probes), getRequestedFor(urlEqualTo("/books")));
		// open again: no more calls
		for (int request = 0; request < 10; request++) {
			assertThat(http.getForEntity("/books", String.class).getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		}
		storagesvc.verify(exactly(probes), getRequestedFor(urlEqualTo("/books")));
	}

}
