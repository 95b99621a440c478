package com.example.e2e;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's outage walkthrough, step by step, against the real docker-compose.yml: the images
 * are built, the four services started (and checked to run as locked down as the file says), then
 * the database and storagesvc taken away and brought back while booksvc keeps answering. The stack
 * is torn down at the end.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComposeWalkthroughIT {

	private static final ServiceSettings BOOKSVC = ServiceSettings.of("booksvc");

	private static final Duration BREAKER_WAIT = BOOKSVC
		.duration("resilience4j.circuitbreaker.configs.default.wait-duration-in-open-state");

	/** What a loaded machine may add to a bound derived from the settings. */
	private static final Duration MARGIN = Duration.ofMillis(400);

	/** The most one answer takes, everything included. */
	private static final Duration LATENCY_BUDGET = BOOKSVC.duration("storagesvc.latency-budget");

	private static final ServiceSettings STORAGESVC = ServiceSettings.of("storagesvc");

	private static final String RETRY = "resilience4j.retry.configs.default.";

	/** booksvc reads Redis at most this long for a fallback (spring.data.redis.timeout). */
	private static final Duration REDIS_TIMEOUT = BOOKSVC.duration("spring.data.redis.timeout");

	/** The answer's own way through booksvc and back, beyond the waits the settings allow. */
	private static final Duration ANSWER_PATH = Duration.ofMillis(100);

	/**
	 * With the database down storagesvc answers 503 after its pool wait (its
	 * spring.datasource.hikari.connection-timeout); its Retry-After is beyond the budget, so no retry,
	 * and the fallback reads Redis.
	 */
	private static final Duration CACHE_ANSWER_BOUND = STORAGESVC.duration("spring.datasource.hikari.connection-timeout")
		.plus(REDIS_TIMEOUT)
		.plus(ANSWER_PATH)
		.plus(MARGIN);

	/**
	 * With storagesvc's container gone, its address answers nothing: each attempt waits the whole
	 * connect timeout (storagesvc.connect-timeout), with the longest backoff between them, until the
	 * breaker opens.
	 */
	private static final Duration UNREACHABLE_ANSWER_BOUND = BOOKSVC.duration("storagesvc.connect-timeout")
		.multipliedBy((long) BOOKSVC.number(RETRY + "max-attempts"))
		.plus(longestBackoff())
		.plus(REDIS_TIMEOUT)
		.plus(MARGIN);

	/**
	 * An open breaker makes no call: its answer is a Redis read. So it must come far inside one
	 * attempt's time limit (resilience4j.timelimiter.configs.default.timeout-duration), MARGIN added.
	 */
	private static final Duration OPEN_BREAKER_ANSWER_BOUND = BOOKSVC
		.duration("resilience4j.timelimiter.configs.default.timeout-duration")
		.plus(MARGIN);

	/** With the breaker closed, booksvc passes on storagesvc's Retry-After for a database outage. */
	private static final Duration STORAGESVC_RETRY_AFTER = STORAGESVC
		.duration("storagesvc.database-unavailable.retry-after");

	private final ComposeStack stack = new ComposeStack("resilience-demo-it");

	private final LocalHttp http = new LocalHttp();

	@BeforeAll
	void upWithBuild() {
		stack.run("down", "-v", "--remove-orphans");
		stack.run(Duration.ofMinutes(15), "up", "-d", "--build");
		await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
			.until(() -> get("/actuator/health/readiness").statusCode() == 200);
	}

	@AfterAll
	void down() {
		stack.run("down", "-v", "--remove-orphans");
	}

	@Test
	@Order(1)
	void liveAnswerFromStoragesvc() {
		HttpResponse<String> response = get("/");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("X-Data-Source")).contains("storagesvc");
		assertThat(response.body()).contains("\"source\":\"storagesvc\"", "Pride and Prejudice");
	}

	/**
	 * The two services agree on what "no such book" is (storagesvc's problem type, which booksvc
	 * alone takes for it; any other 404 would be a failure that the breaker counts and the cache
	 * answers, or a 503): each side's tests spell the type out, only the pair can tell they match.
	 */
	@Test
	@Order(2)
	void anUnknownBookIsNotFoundThroughBothServices() {
		HttpResponse<String> response = get("/books/999999");

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
		assertThat(JsonPath.<String>read(response.body(), "$.title")).isEqualTo("Book not found");
		assertThat(JsonPath.<String>read(response.body(), "$.instance")).isEqualTo("/books/999999");
	}

	@Test
	@Order(2)
	void bothRunOnSpringAotAndBooksvcWarmedUpOnceStoragesvcAnswered() {
		String booksvc = stack.run("logs", "--no-color", "booksvc");

		// the images' choice (Dockerfile, the poms): the tests elsewhere run without Spring AOT
		assertThat(booksvc).contains("Starting AOT-processed BooksvcApplication");
		assertThat(booksvc).contains("storagesvc answered", "Warmed up: GET / answered 200 (storagesvc)");
		assertThat(stack.run("logs", "--no-color", "storagesvc")).contains("Starting AOT-processed StoragesvcApplication");
	}

	@Test
	@Order(2)
	void swaggerUiTriesABookLookupInABrowser() {
		try (SwaggerUi booksvc = new SwaggerUi("http://localhost:" + stack.booksvcPort())) {
			assertThat(booksvc.tryOut("books", "book", "id", "1")).isEqualTo("200");
			assertThat(booksvc.responseBody("books", "book")).contains("Pride and Prejudice");
		}
		try (SwaggerUi storagesvc = new SwaggerUi("http://localhost:" + stack.storagesvcPort())) {
			assertThat(storagesvc.tryOut("books", "get", "id", "999999")).isEqualTo("404");
		}
	}

	@Test
	@Order(2)
	void chaosEndpointIsOff() throws Exception {
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + stack.storagesvcPort() + "/chaos"))
			.header("Content-Type", "application/json")
			// harmless settings, should it be there after all: nothing after this step would notice
			.PUT(HttpRequest.BodyPublishers.ofString("{\"failureRate\": 0, \"latency\": \"0ms\", \"outage\": false}"))
			.timeout(Duration.ofSeconds(5))
			.build();

		assertThat(http.send(request).statusCode()).isEqualTo(404);
	}

	@Test
	@Order(3)
	void storagesvcIsConnectedAsItsOwnRoleNotTheSuperuser() {
		// every other client in the database is storagesvc's pool; the superuser (compose's default) asks
		String sessions = psql("select distinct a.usename, r.rolsuper, r.rolcreatedb, r.rolcreaterole"
				+ " from pg_stat_activity a join pg_roles r on r.oid = a.usesysid"
				+ " where a.datname = current_database() and a.backend_type = 'client backend'"
				+ " and a.pid <> pg_backend_pid()");
		String ownership = psql("select has_schema_privilege('storagesvc', 'public', 'CREATE'),"
				+ " (select nspowner::regrole from pg_namespace where nspname = 'storagesvc'),"
				+ " (select tableowner from pg_tables where schemaname = 'storagesvc' and tablename = 'book'),"
				+ " (select count(*) > 0 and bool_and(success) from storagesvc.flyway_schema_history),"
				+ " to_regclass('public.book') is null");

		assertThat(sessions.strip()).isEqualTo("storagesvc|f|f|f");
		assertThat(ownership.strip()).isEqualTo("f|storagesvc|storagesvc|t|t");
	}

	@Test
	@Order(4)
	void containersRunWithoutCapabilitiesOnAReadOnlyRoot() {
		for (String service : List.of("booksvc", "storagesvc", "database", "redis")) {
			String container = stack.run("ps", "-q", service).strip();
			String settings = stack.command("docker", "inspect", "-f",
					"{{.HostConfig.ReadonlyRootfs}} {{.HostConfig.CapDrop}} {{.HostConfig.SecurityOpt}}", container);

			assertThat(settings.strip()).as(service).isEqualTo("true [ALL] [no-new-privileges:true]");
		}
	}

	@Test
	@Order(5)
	void databaseStoppedAnswersComeFromTheCacheAndTheBreakerOpens() throws Exception {
		stack.run("stop", "database");

		for (int i = 0; i < 6; i++) {
			assertCacheAnswerWithin(CACHE_ANSWER_BOUND);
		}
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertCacheAnswerWithin(CACHE_ANSWER_BOUND);
			assertThat(breakerState()).isEqualTo("OPEN");
		});
		// structured (ECS JSON) in the containers, with the breaker as fields
		assertThat(stack.run("logs", "--no-color", "booksvc"))
			.containsPattern("\"message\":\"circuit breaker 'storagesvc' state changed from CLOSED to OPEN\""
					+ ",\"breaker\":\"storagesvc\",\"breakerState\":\"OPEN\"");

		// open: no call to storagesvc at all, so each answer comes far inside one attempt's time limit
		double storagesvcCalls = storagesvcBookRequests();
		for (int i = 0; i < 6; i++) {
			assertCacheAnswerWithin(OPEN_BREAKER_ANSWER_BOUND);
		}
		assertThat(storagesvcBookRequests()).as("requests storagesvc saw on /books").isEqualTo(storagesvcCalls);
		assertThat(breakerState()).as("still open: its wait is not over").isEqualTo("OPEN");

		// The benchmark's outage in miniature: concurrent callers, every answer from the cache.
		List<Callable<Map<String, Long>>> callers = Collections.nCopies(16, () -> IntStream.range(0, 50)
			.mapToObj(i -> get("/"))
			.collect(Collectors.groupingBy(
					response -> response.statusCode() + " " + response.headers().firstValue("X-Data-Source").orElse("-"),
					Collectors.counting())));
		Map<String, Long> answers = new TreeMap<>();
		try (ExecutorService threads = Executors.newFixedThreadPool(16)) {
			for (Future<Map<String, Long>> caller : threads.invokeAll(callers)) {
				caller.get().forEach((answer, count) -> answers.merge(answer, count, Long::sum));
			}
		}
		assertThat(answers).as(() -> "booksvc's last log lines:\n" + stack.run("logs", "--no-color", "--tail", "40", "booksvc"))
			.containsExactly(Map.entry("200 cache", 800L));
	}

	@Test
	@Order(6)
	void databaseBackLiveAnswersWithinTheBreakersWait() {
		stack.run("start", "database");

		awaitLiveAnswerWithin(BREAKER_WAIT.plusSeconds(8));
		// and the answers stay live
		assertThat(get("/").headers().firstValue("X-Data-Source")).contains("storagesvc");
	}

	@Test
	@Order(7)
	void storagesvcStoppedAnswersComeFromTheCacheThenLiveAgain() {
		stack.run("stop", "storagesvc");

		for (int i = 0; i < 6; i++) {
			assertCacheAnswerWithin(UNREACHABLE_ANSWER_BOUND);
		}

		stack.run("start", "storagesvc");
		// storagesvc's own start-up, then at most the breaker's wait
		awaitLiveAnswerWithin(Duration.ofSeconds(60));
	}

	@Test
	@Order(8)
	void freshBooksvcWithTheDatabaseDownAnswers503NotAHang() {
		stack.run("stop", "database");
		stack.run("exec", "-T", "redis", "redis-cli", "flushall");
		stack.run("restart", "booksvc");
		await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
			.until(() -> get("/actuator/health/readiness").statusCode() == 200);
		// the warm-up's one failed call is below the breaker's minimum: Retry-After is then storagesvc's
		assertThat(breakerState()).isEqualTo("CLOSED");

		long start = System.nanoTime();
		HttpResponse<String> response = get("/");
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
		assertThat(response.headers().firstValue("Retry-After")).contains(String.valueOf(STORAGESVC_RETRY_AFTER.toSeconds()));
		// A freshly started JVM serves its first request slowly; still no hang: within the budget.
		assertThat(elapsed).isLessThan(LATENCY_BUDGET.plus(MARGIN));
	}

	/** The storagesvc breaker's state as booksvc's actuator reports it. */
	private String breakerState() {
		HttpResponse<String> response = get("/actuator/circuitbreakers");
		assertThat(response.statusCode()).isEqualTo(200);
		return JsonPath.read(response.body(), "$.circuitBreakers.storagesvc.state");
	}

	/** How many requests for the book list storagesvc has answered, as its own metrics count them. */
	private double storagesvcBookRequests() {
		HttpResponse<String> response = send("http://localhost:" + stack.storagesvcPort()
				+ "/actuator/metrics/http.server.requests?tag=uri:/books");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		List<Double> count = JsonPath.read(response.body(), "$.measurements[?(@.statistic == 'COUNT')].value");
		return count.get(0);
	}

	/** One query as the database's superuser (the compose default), unaligned: {@code a|b|c} per row. */
	private String psql(String sql) {
		return stack.run("exec", "-T", "database", "psql", "-U", "books", "-d", "books", "-tA", "-c", sql);
	}

	private void assertCacheAnswerWithin(Duration bound) {
		long start = System.nanoTime();
		HttpResponse<String> response = get("/");
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("X-Data-Source")).contains("cache");
		assertThat(response.headers().firstValue("Age")).isPresent();
		assertThat(elapsed).isLessThan(bound);
	}

	private void awaitLiveAnswerWithin(Duration bound) {
		await().atMost(bound).pollInterval(Duration.ofMillis(250))
			.until(() -> get("/").headers().firstValue("X-Data-Source").orElse(""), "storagesvc"::equals);
	}

	private HttpResponse<String> get(String path) {
		return send("http://localhost:" + stack.booksvcPort() + path);
	}

	private HttpResponse<String> send(String url) {
		return http.get(url);
	}

	/** Every wait between attempts at its longest: wait-duration × multiplier^n, stretched by the randomized-wait factor. */
	private static Duration longestBackoff() {
		double wait = BOOKSVC.duration(RETRY + "wait-duration").toMillis();
		double multiplier = BOOKSVC.number(RETRY + "exponential-backoff-multiplier");
		double stretch = 1 + BOOKSVC.number(RETRY + "randomized-wait-factor");
		double total = 0;
		for (int retry = 0; retry < BOOKSVC.number(RETRY + "max-attempts") - 1; retry++) {
			total += wait * Math.pow(multiplier, retry) * stretch;
		}
		return Duration.ofMillis(Math.round(total));
	}

}
