package com.example.booksvc.catalog;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.jayway.jsonpath.JsonPath;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.wiremock.spring.ConfigureWireMock;
import org.wiremock.spring.EnableWireMock;
import org.wiremock.spring.InjectWireMock;

import com.example.booksvc.RedisContainerConfiguration;
import com.example.booksvc.edge.BookQueries;
import com.example.booksvc.storagesvc.StoragesvcProperties;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.data.redis.RedisProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import static com.example.booksvc.Fixtures.BOOKS_JSON;
import static com.example.booksvc.Fixtures.OTHER_BOOKS_JSON;
import static com.example.booksvc.Fixtures.bookNotFound;
import static com.example.booksvc.Fixtures.cacheKey;
import static com.example.booksvc.Fixtures.storagesvcShed;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.badRequest;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.serviceUnavailable;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The policies against a storagesvc played by WireMock, with a real Redis. Each test counts the
 * calls storagesvc received and reads the breaker's state from the registry.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
		// Long enough to honour a Retry-After of 1 s; the default (1 s) is not.
		"storagesvc.latency-budget=3s",
		// Open until a test moves it on: no automatic half-open may let a probe through while a test
		// counts the calls an open breaker must not make, however slowly this machine runs it.
		"resilience4j.circuitbreaker.instances.storagesvc.wait-duration-in-open-state=60s",
		// Every request asks storagesvc, so that calls can be counted per request.
		"booksvc.answer-reuse=0ms", "booksvc.not-found-reuse=0ms" })
@EnableWireMock(@ConfigureWireMock(name = "storagesvc", baseUrlProperties = "storagesvc.base-url"))
@Import(RedisContainerConfiguration.class)
@ExtendWith(OutputCaptureExtension.class)
class CatalogResilienceIT {

	private static final String BOOKS_KEY = cacheKey("books");

	/** What a loaded CI machine may add to a bound derived from the settings. */
	private static final Duration MARGIN = Duration.ofMillis(400);

	@InjectWireMock("storagesvc")
	private WireMockServer storagesvc;

	@LocalServerPort
	private int port;

	@Autowired
	private TestRestTemplate http;

	@Autowired
	private CircuitBreakerRegistry breakers;

	@Autowired
	private StringRedisTemplate redis;

	@Autowired
	private BookQueries queries;

	@Autowired
	private StoragesvcProperties settings;

	@Autowired
	private RedisProperties redisSettings;

	@Autowired
	private TimeLimiterRegistry timeLimiters;

	@Autowired
	private RetryRegistry retries;

	private CircuitBreaker breaker;

	/**
	 * The first call in a fresh context loads and links the classes on its path, which can take
	 * longer than the 400 ms time limit on a loaded machine: made once, before anything is counted.
	 */
	private static boolean warm;

	@BeforeEach
	void startClean() {
		if (!warm) {
			storagesvc.stubFor(get("/books").willReturn(okJson(BOOKS_JSON)));
			http.getForEntity("/books", String.class);
			warm = true;
		}
		storagesvc.resetAll();
		redis.delete(redis.keys("booksvc:*"));
		breaker = breakers.circuitBreaker(Catalog.STORAGESVC);
		breaker.reset();
	}

	@Test
	void servesLiveBooksAndRemembersThem() {
		storagesvc.stubFor(get("/books").willReturn(okJson(BOOKS_JSON)));

		ResponseEntity<String> response = http.getForEntity("/books", String.class);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(response.getHeaders().getFirst("X-Data-Source")).isEqualTo("storagesvc");
		assertThat(response.getHeaders().containsKey("Age")).isFalse();
		assertThat(JsonPath.<String>read(response.getBody(), "$.source")).isEqualTo("storagesvc");
		assertThat(JsonPath.<List<String>>read(response.getBody(), "$.books[*].title")).containsExactly("Pride and Prejudice", "Emma");
		assertThat(JsonPath.<String>read(response.getBody(), "$.fetchedAt")).isNotBlank();
		storagesvc.verify(exactly(1), getRequestedFor(urlEqualTo("/books")));
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(redis.opsForValue().get(BOOKS_KEY))
			.contains("Pride and Prejudice", "fetchedAt"));
	}

	@Test
	void concurrentIdenticalRequestsShareOneCall() {
		// slow enough for the requests to overlap, under the breaker's slow-call threshold (300 ms)
		storagesvc.stubFor(get("/books").willReturn(okJson(BOOKS_JSON).withFixedDelay(200)));

		// The JDK client opens a connection per concurrent request (the test client's pool has 5 per route).
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/books")).build();
		List<CompletableFuture<HttpResponse<Void>>> requests;
		try (HttpClient users = HttpClient.newHttpClient()) {
			requests = IntStream.range(0, 10)
				.mapToObj(i -> users.sendAsync(request, HttpResponse.BodyHandlers.discarding()))
				.toList();
			assertThat(requests).allSatisfy(answer -> assertThat(answer.join().headers().firstValue("X-Data-Source"))
				.contains("storagesvc"));
		}
		storagesvc.verify(exactly(1), getRequestedFor(urlEqualTo("/books")));
	}

	@Test
	void rootAnswersLikeBooks() {
		storagesvc.stubFor(get("/books").willReturn(okJson(BOOKS_JSON)));

		assertThat(JsonPath.<List<Integer>>read(http.getForObject("/", String.class), "$.books[*].id")).containsExactly(1, 2);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(ints = { 500, 503, 429 })
	void retriesAFailedCallThenAnswersLive(int status, CapturedOutput output) {
		storagesvc.stubFor(get("/books").inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(status)).willSetStateTo("recovered"));
		storagesvc.stubFor(get("/books").inScenario("flaky").whenScenarioStateIs("recovered").willReturn(okJson(BOOKS_JSON)));

		ResponseEntity<String> response = http.getForEntity("/books", String.class);

		assertThat(response.getHeaders().getFirst("X-Data-Source")).isEqualTo("storagesvc");
		storagesvc.verify(exactly(2), getRequestedFor(urlEqualTo("/books")));
		assertThat(output).containsPattern(
				"retry 'storagesvc' 1 after \\d+ ms \\(breaker CLOSED\\): .*StoragesvcFailureException: storagesvc answered " + status);
	}

	@Test
	void retriesAtOnceWhenRetryAfterSaysZero() {
		assertRetriedWithin(Duration.ZERO, serviceUnavailable().withHeader("Retry-After", "0"));
	}

	/**
	 * Refused before any work: sent again within booksvc.retries.shed-wait (30 ms), not after the
	 * second its Retry-After asks for.
	 */
	@Test
	void retriesAShedCallWithinTheShedWaitWhateverItsRetryAfter() {
		assertRetriedWithin(Duration.ofMillis(30), storagesvcShed());
	}

	/** {@code first}, then a good answer: live, two calls, the second within {@code wait} of the first's answer. */
	private void assertRetriedWithin(Duration wait, ResponseDefinitionBuilder first) {
		storagesvc.stubFor(get("/books").inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
			.willReturn(first).willSetStateTo("ready"));
		storagesvc.stubFor(get("/books").inScenario("busy").whenScenarioStateIs("ready").willReturn(okJson(BOOKS_JSON)));

		ResponseEntity<String> response = http.getForEntity("/books", String.class);

		assertThat(response.getHeaders().getFirst("X-Data-Source")).isEqualTo("storagesvc");
		List<ServeEvent> calls = callsInOrder();
		assertThat(calls).hasSize(2);
		// no backoff: the second attempt follows the first's answer (a margin for a loaded machine)
		long gapMillis = calls.get(1).getRequest().getLoggedDate().getTime() - calls.get(0).getRequest().getLoggedDate().getTime();
		assertThat(gapMillis).isLessThan(wait.plus(MARGIN).toMillis());
	}

	@Test
	void makesNoRetryThatWouldWaitLongerThanTheLongestWait() {
		givenCachedBooks();
		storagesvc.stubFor(get("/books").willReturn(serviceUnavailable().withHeader("Retry-After", "1")));

		long start = System.nanoTime();
		ResponseEntity<String> response = http.getForEntity("/books", String.class);

		// the cache answers at once rather than after the second storagesvc asked for
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
		assertCachedAnswer(response);
		storagesvc.verify(exactly(1), getRequestedFor(urlEqualTo("/books")));
	}

	@Test
	void fallsBackAtOnceWhenRetryAfterIsBeyondTheBudget() {
		givenCachedBooks();
		storagesvc.stubFor(get("/books").willReturn(serviceUnavailable().withHeader("Retry-After", "120")));

		long start = System.nanoTime();
		ResponseEntity<String> response = http.getForEntity("/books", String.class);

		// no wait for the Retry-After, nor for the deadline that such a wait would run into
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(forStoragesvc().minus(MARGIN));
		assertCachedAnswer(response);
		storagesvc.verify(exactly(1), getRequestedFor(urlEqualTo("/books")));
	}

	@Test
	void fallsBackWhenTheAttemptOutlastsTheTimeLimitWithoutRetrying() {
		givenCachedBooks();
		storagesvc.stubFor(get("/books").willReturn(okJson(OTHER_BOOKS_JSON).withFixedDelay(1500)));

		long start = System.nanoTime();
		ResponseEntity<String> response = http.getForEntity("/books", String.class);
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

		assertCachedAnswer(response);
		// a timed-out attempt is not retried: the cache answers once the time limit is out
		storagesvc.verify(exactly(1), getRequestedFor(urlEqualTo("/books")));
		Duration timeLimit = timeLimiters.timeLimiter(Catalog.STORAGESVC).getTimeLimiterConfig().getTimeoutDuration();
		assertThat(elapsed).isBetween(timeLimit, timeLimit.plus(MARGIN));
	}

	@Test
	void opensOnSustainedFailuresThenStopsCallingAndClosesAfterAProbe(CapturedOutput output) {
		givenCachedBooks();
		storagesvc.stubFor(get("/books").willReturn(serverError()));

		// 3 failed attempts, then 1 more: at 4 calls (minimum-number-of-calls) the breaker opens
		// and the second attempt of the second request is not permitted, so not retried.
		assertCachedAnswer(http.getForEntity("/books", String.class));
		assertCachedAnswer(http.getForEntity("/books", String.class));
		storagesvc.verify(exactly(4), getRequestedFor(urlEqualTo("/books")));
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
		assertThat(output).contains("circuit breaker 'storagesvc' state changed from CLOSED to OPEN");

		// open: answered from the cache without a call (how fast is the benchmark's to measure)
		for (int i = 0; i < 100; i++) {
			assertCachedAnswer(http.getForEntity("/books", String.class));
		}
		storagesvc.verify(exactly(4), getRequestedFor(urlEqualTo("/books")));

		// what the end of wait-duration-in-open-state does: the probes go to storagesvc, and close it
		storagesvc.stubFor(get("/books").willReturn(okJson(OTHER_BOOKS_JSON)));
		breaker.transitionToHalfOpenState();
		assertThat(http.getForEntity("/books", String.class).getHeaders().getFirst("X-Data-Source")).isEqualTo("storagesvc");
		assertThat(http.getForEntity("/books", String.class).getHeaders().getFirst("X-Data-Source")).isEqualTo("storagesvc");
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		storagesvc.verify(exactly(6), getRequestedFor(urlEqualTo("/books")));
	}

	/**
	 * storagesvc shedding is up and protecting itself: its shed answers are not held against it, or
	 * a busy storagesvc would have every lookup taken off live for the breaker's wait.
	 */
	@Test
	void aStoragesvcSheddingEveryCallNeverOpensTheBreaker() {
		givenCachedBooks();
		storagesvc.stubFor(get("/books").willReturn(storagesvcShed()));

		// counted as failures, the second request's attempts would reach 4 and open it
		for (int i = 0; i < 3; i++) {
			assertCachedAnswer(http.getForEntity("/books", String.class));
		}

		// each request: three attempts, the retries at once (within the budget), then the cache
		storagesvc.verify(exactly(9), getRequestedFor(urlEqualTo("/books")));
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(breaker.getMetrics().getNumberOfBufferedCalls()).isZero();
	}

	@Test
	void openBreakerWithNothingCachedAnswers503WithoutCallingStoragesvc() {
		breaker.transitionToOpenState();

		long start = System.nanoTime();
		ResponseEntity<String> response = http.getForEntity("/books", String.class);

		// no attempt, so no wait for the time limiter or the deadline
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(forStoragesvc().minus(MARGIN));
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		// the hint is what is left of the breaker's wait, in whole seconds
		Duration wait = Duration.ofMillis(breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1));
		assertThat(Long.parseLong(response.getHeaders().getFirst("Retry-After"))).isBetween(wait.minus(MARGIN).toSeconds(),
				wait.toSeconds());
		storagesvc.verify(exactly(0), getRequestedFor(urlEqualTo("/books")));
	}

	@Test
	void storagesvcDownWithNothingCachedAnswers503WithItsRetryAfter() {
		storagesvc.stubFor(get("/books").willReturn(serviceUnavailable().withHeader("Retry-After", "5")));

		ResponseEntity<String> response = http.getForEntity("/books", String.class);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(response.getHeaders().getFirst("Retry-After")).isEqualTo("5");
		assertThat(JsonPath.<String>read(response.getBody(), "$.title")).isEqualTo("Books unavailable");
		storagesvc.verify(exactly(1), getRequestedFor(urlEqualTo("/books")));
	}

	@Test
	void notFoundIsAnAnswerNotAFailure() {
		givenCachedBooks();
		storagesvc.stubFor(get("/books/2").willReturn(bookNotFound(2)));

		ResponseEntity<String> response = http.getForEntity("/books/2", String.class);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		storagesvc.verify(exactly(1), getRequestedFor(urlEqualTo("/books/2")));
		// storagesvc answered: a success for the breaker, whatever the status
		assertThat(breaker.getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(1);
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
	}

	@Test
	void badRequestFromStoragesvcIsBooksvcsBugNotAFailure() {
		storagesvc.stubFor(get("/books/2").willReturn(badRequest()));

		ResponseEntity<String> response = http.getForEntity("/books/2", String.class);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_GATEWAY);
		assertThat(JsonPath.<Integer>read(response.getBody(), "$.upstreamStatus")).isEqualTo(400);
		storagesvc.verify(exactly(1), getRequestedFor(urlEqualTo("/books/2")));
		assertThat(breaker.getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(1);
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
	}

	static Stream<Arguments> brokenAnswers() {
		return Stream.of(Arguments.of("malformed JSON", okJson("[{\"id\": 3, \"title\": "), 1),
				Arguments.of("incomplete book", okJson("[{\"id\": 3}]"), 1),
				Arguments.of("empty body", aResponse().withStatus(200), 1),
				Arguments.of("empty response", aResponse().withFault(Fault.EMPTY_RESPONSE), 3),
				Arguments.of("connection reset", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), 3));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("brokenAnswers")
	void brokenAnswerFallsBackAndLeavesTheCacheAlone(String what, ResponseDefinitionBuilder answer, int attempts) {
		givenCachedBooks();
		String cachedBefore = redis.opsForValue().get(BOOKS_KEY);
		storagesvc.stubFor(get("/books").willReturn(answer));

		assertCachedAnswer(http.getForEntity("/books", String.class));

		storagesvc.verify(exactly(attempts), getRequestedFor(urlEqualTo("/books")));
		assertThat(redis.opsForValue().get(BOOKS_KEY)).isEqualTo(cachedBefore);
	}

	/** resilience4j 2.4.0 races on private fallback methods (resilience4j#878): one caller in a few thousand got a 500. */
	@Test
	void concurrentCallersAllGetTheCachedAnswerWhileTheBreakerIsOpen() throws Exception {
		givenCachedBooks();
		breaker.transitionToForcedOpenState();

		List<Callable<Long>> callers = Collections.nCopies(8, () -> IntStream.range(0, 500)
			.filter(i -> queries.books().join().source() == Answer.Source.CACHE)
			.count());
		try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
			for (Future<Long> caller : threads.invokeAll(callers)) {
				assertThat(caller.get()).isEqualTo(500);
			}
		}
		storagesvc.verify(exactly(0), getRequestedFor(urlEqualTo("/books")));
	}

	@Test
	void oneBookComesFromTheCachedListWhenStoragesvcIsDown() {
		givenCachedBooks();
		storagesvc.stubFor(get("/books/2").willReturn(serviceUnavailable().withHeader("Retry-After", "120")));

		ResponseEntity<String> response = http.getForEntity("/books/2", String.class);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(response.getHeaders().getFirst("X-Data-Source")).isEqualTo("cache");
		assertThat(response.getHeaders().getFirst("Age")).isNotNull();
		assertThat(JsonPath.<String>read(response.getBody(), "$.title")).isEqualTo("Emma");
	}

	/** A good answer from storagesvc, written to the cache; WireMock and the breaker then forget the call. */
	private void givenCachedBooks() {
		storagesvc.stubFor(get("/books").willReturn(okJson(BOOKS_JSON)));
		assertThat(http.getForEntity("/books", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
		await().atMost(Duration.ofSeconds(5)).until(() -> redis.hasKey(BOOKS_KEY));
		storagesvc.resetAll();
		breaker.reset();
	}

	private static void assertCachedAnswer(ResponseEntity<String> response) {
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(response.getHeaders().getFirst("X-Data-Source")).isEqualTo("cache");
		assertThat(Long.parseLong(response.getHeaders().getFirst("Age"))).isNotNegative();
		assertThat(JsonPath.<String>read(response.getBody(), "$.source")).isEqualTo("cache");
		assertThat(JsonPath.<List<String>>read(response.getBody(), "$.books[*].title")).containsExactly("Pride and Prejudice", "Emma");
	}

	private List<ServeEvent> callsInOrder() {
		return storagesvc.getAllServeEvents().stream()
			.sorted(Comparator.comparing(event -> event.getRequest().getLoggedDate()))
			.toList();
	}


	/** storagesvc's share of an answer's latency budget: the budget less the Redis timeout (1750 ms). */
	private Duration forStoragesvc() {
		return settings.latencyBudget().minus(redisSettings.getTimeout());
	}

}
