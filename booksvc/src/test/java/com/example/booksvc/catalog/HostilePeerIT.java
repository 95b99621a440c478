package com.example.booksvc.catalog;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wiremock.spring.ConfigureWireMock;
import org.wiremock.spring.EnableWireMock;
import org.wiremock.spring.InjectWireMock;
import org.wiremock.spring.WireMockConfigurationCustomizer;

import com.example.booksvc.RedisContainerConfiguration;
import com.example.booksvc.storagesvc.StoragesvcProperties;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import static com.example.booksvc.Fixtures.BOOKS_JSON;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.serviceUnavailable;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A storagesvc that misbehaves on purpose: absurd headers, bodies that dribble for a minute (those
 * that never end: {@link EndlessAnswerIT}).
 * Whatever it does, booksvc answers what it means to (a cached answer or a 503 problem, never a
 * 500), within its latency budget, and keeps no connection for an attempt it gave up on. The
 * breaker is held closed by a large minimum number of calls, so that every request reaches the
 * peer.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
		"resilience4j.circuitbreaker.instances.storagesvc.minimum-number-of-calls=1000",
		"booksvc.answer-reuse=0ms" })
@EnableWireMock(@ConfigureWireMock(name = "storagesvc", baseUrlProperties = "storagesvc.base-url",
		configurationCustomizers = HostilePeerIT.Roomy.class))
@Import(RedisContainerConfiguration.class)
class HostilePeerIT {

	/** A thread for each of the 60 dribbling answers at once. */
	static class Roomy implements WireMockConfigurationCustomizer {

		@Override
		public void customize(WireMockConfiguration configuration, ConfigureWireMock options) {
			configuration.containerThreads(100);
		}

	}

	/** Headroom over the budget for a loaded CI machine: scheduling, GC, the test's own client. */
	private static final Duration MARGIN = Duration.ofMillis(400);

	/** WireMock logs a call's time in whole milliseconds. */
	private static final long CLOCK_GRAIN = 1;

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

	@Autowired
	private BulkheadRegistry bulkheads;

	@Autowired
	private StoragesvcProperties settings;

	private CircuitBreaker breaker;

	@BeforeEach
	void startClean() {
		storagesvc.resetAll();
		redis.delete(redis.keys("booksvc:*"));
		breaker = breakers.circuitBreaker(Catalog.STORAGESVC);
		breaker.reset();
	}

	@ParameterizedTest(name = "Retry-After: {0}")
	@ValueSource(strings = { "99999999999999999999999", "-1", "soon", "Fri, 31 Dec 9999 23:59:59 GMT",
			"Thu, 01 Jan 1970 00:00:00 GMT", "Sun, 31 Feb 2026 25:61:00 GMT" })
	void noRetryAfterIsA500AndEachIsAFailureOfStoragesvc(String retryAfter) {
		storagesvc.stubFor(get("/books").willReturn(serviceUnavailable().withHeader("Retry-After", retryAfter)));

		ResponseEntity<String> response = http.getForEntity("/books", String.class);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(response.getHeaders().getFirst("Retry-After")).matches("[1-9][0-9]*");
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isPositive();
		assertThat(breaker.getMetrics().getNumberOfSuccessfulCalls()).isZero();
	}

	@Test
	void aRetryAfterDateWithinTheBudgetButPastTheLongestWaitIsNotWaitedFor() {
		// An HTTP-date has whole seconds: the one nearest to a second from now is 0.5 to 1.5 s away,
		// inside storagesvc's share of the budget (1750 ms), beyond the longest retry wait (250 ms).
		Instant retryAt = Instant.now().plusMillis(1_500).truncatedTo(ChronoUnit.SECONDS);
		storagesvc.stubFor(get("/books").willReturn(serviceUnavailable().withHeader("Retry-After", httpDate(retryAt))));

		ResponseEntity<String> response = http.getForEntity("/books", String.class);
		Instant answered = Instant.now();

		// nothing cached: the 503 at once, before the date (0.5 s away at least)
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(answered).isBefore(retryAt);
		storagesvc.verify(exactly(1), getRequestedFor(urlEqualTo("/books")));
	}

	@Test
	void aRetryAfterDateBeyondTheBudgetIsNotWaitedForAndIsPassedOn() {
		// beyond the budget, within what booksvc relays (the breaker's wait)
		Instant retryAt = Instant.now().plus(breakerWait()).minusSeconds(2).truncatedTo(ChronoUnit.SECONDS);
		storagesvc.stubFor(get("/books").willReturn(serviceUnavailable().withHeader("Retry-After", httpDate(retryAt))));

		ResponseEntity<String> response = http.getForEntity("/books", String.class);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		storagesvc.verify(exactly(1), getRequestedFor(urlEqualTo("/books")));
		// booksvc's callers are told the same wait, in seconds, less what has passed since
		long askedFor = Duration.between(Instant.now(), retryAt).toSeconds();
		assertThat(Long.parseLong(response.getHeaders().getFirst("Retry-After"))).isBetween(askedFor - 1, askedFor + 1);
	}

	@ParameterizedTest(name = "Retry-After: {0}")
	@ValueSource(strings = { "86400", "0000086400", "99999999999999999999999" })
	void aLongRetryAfterIsPassedOnNoLongerThanTheBreakersWait(String retryAfter) {
		storagesvc.stubFor(get("/books").willReturn(serviceUnavailable().withHeader("Retry-After", retryAfter)));

		ResponseEntity<String> response = http.getForEntity("/books", String.class);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		storagesvc.verify(exactly(1), getRequestedFor(urlEqualTo("/books")));
		// booksvc looks again by then: a proxy's "come back tomorrow" must not send its callers away longer
		assertThat(response.getHeaders().getFirst("Retry-After")).isEqualTo(String.valueOf(breakerWait().toSeconds()));
	}

	@Test
	void aRetryAfterWithLeadingZerosIsTheSecondsItSays() {
		storagesvc.stubFor(get("/books").willReturn(serviceUnavailable().withHeader("Retry-After", "000005")));

		ResponseEntity<String> response = http.getForEntity("/books", String.class);

		// 5 s: beyond the budget, so not waited for, and passed on as it is
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		storagesvc.verify(exactly(1), getRequestedFor(urlEqualTo("/books")));
		assertThat(response.getHeaders().getFirst("Retry-After")).isEqualTo("5");
	}

	@Test
	void attemptsGivenUpOnLeaveThePoolAtOnce() throws Exception {
		// Headers at once, then the body a byte every 500 ms: a minute for the whole book.
		storagesvc.stubFor(get(urlPathMatching("/books/[0-9]+")).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody(" ".repeat(119) + "x")
			.withChunkedDribbleDelay(120, 60_000)));

		try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<ResponseEntity<String>>> answers = IntStream.rangeClosed(1, 60)
				.mapToObj(id -> callers.submit(() -> http.getForEntity("/books/" + id, String.class)))
				.toList();
			// the attempts do hold pooled connections while they read
			await().atMost(Duration.ofSeconds(5)).until(() -> leasedConnections() > 0);
			for (Future<ResponseEntity<String>> answer : answers) {
				assertThat(answer.get().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
			}
		}

		await().atMost(Duration.ofSeconds(1)).untilAsserted(() -> assertThat(leasedConnections()).isZero());
	}

	@Test
	void anAttemptTheTimeLimiterGivesUpOnLeavesThePoolAtOnce() {
		// The attempt outlasts the time limit and is not retried; the answer (503, nothing cached)
		// comes before the latency budget: only the time limiter gives it up.
		storagesvc.stubFor(get("/books/1").willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody(" ".repeat(119) + "x")
			.withChunkedDribbleDelay(120, 60_000)));

		ResponseEntity<String> response = http.getForEntity("/books/1", String.class);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		storagesvc.verify(exactly(1), getRequestedFor(urlEqualTo("/books/1")));
		// The time limiter aborted the attempt 400 ms after it began, before the answer; the second
		// is margin for the thread that writes the answer, not the minute the peer would take.
		Bulkhead attempts = bulkheads.bulkhead(Catalog.STORAGESVC);
		await().atMost(Duration.ofSeconds(1)).untilAsserted(() -> {
			assertThat(leasedConnections()).isZero();
			assertThat(attempts.getMetrics().getAvailableConcurrentCalls())
				.isEqualTo(attempts.getBulkheadConfig().getMaxConcurrentCalls());
		});
	}

	/** The breaker's wait in the open state, as the registry has it. */
	private Duration breakerWait() {
		return Duration.ofMillis(breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1));
	}

	private static String httpDate(Instant instant) {
		return DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atZone(ZoneOffset.UTC));
	}

	private List<Instant> callTimes() {
		return storagesvc.getAllServeEvents()
			.stream()
			.map(event -> event.getRequest().getLoggedDate().toInstant())
			.sorted()
			.toList();
	}

	private double leasedConnections() {
		return meters.get("httpcomponents.httpclient.pool.total.connections")
			.tag("httpclient", "storagesvc")
			.tag("state", "leased")
			.gauge()
			.value();
	}

}
