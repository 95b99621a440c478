package com.example.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * What replicas change, against the real docker-compose.yml (unchanged, docker CLI, own project
 * name): booksvc scaled to two instances, A and B, each on a host port of its own (BOOKSVC_PORT a
 * range of two), sharing one Redis and one storagesvc. B is started after A's live answer is in
 * Redis and while the database is down, so it never has a live answer of its own: it answers from
 * the shared cache all the same, with the very answer A fetched. Each instance's breaker is its
 * own: A's opens under A's failures while B's, which has seen too few calls, stays closed, then
 * B's opens under its own. Once the database is back and storagesvc answers, both answer live
 * again and both breakers close within the breaker's wait. Both containers run as the image's
 * numeric user. The stack is torn down at the end.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComposeReplicasIT {

	private static final ServiceSettings BOOKSVC = ServiceSettings.of("booksvc");

	private static final ServiceSettings STORAGESVC = ServiceSettings.of("storagesvc");

	private static final String BREAKER = "resilience4j.circuitbreaker.configs.default.";

	private static final Duration BREAKER_WAIT = BOOKSVC.duration(BREAKER + "wait-duration-in-open-state");

	/** Fewer calls than this in its window, and a breaker does not judge at all: it stays closed. */
	private static final int MINIMUM_CALLS = (int) BOOKSVC.number(BREAKER + "minimum-number-of-calls");

	/** A time-based window, in seconds (sliding-window-type: TIME_BASED). */
	private static final Duration BREAKER_WINDOW = Duration.ofSeconds((long) BOOKSVC.number(BREAKER + "sliding-window-size"));

	/** What a loaded machine may add to a bound derived from the settings. */
	private static final Duration MARGIN = Duration.ofMillis(400);

	/** The answer's own way through booksvc and back, beyond the waits the settings allow. */
	private static final Duration ANSWER_PATH = Duration.ofMillis(100);

	private static final Duration REDIS_TIMEOUT = BOOKSVC.duration("spring.data.redis.timeout");

	/**
	 * With the database down storagesvc answers 503 after its pool wait; its Retry-After is beyond
	 * booksvc's budget, so no retry: one failed call a request, then the fallback reads Redis.
	 */
	private static final Duration CACHE_ANSWER_BOUND = STORAGESVC.duration("spring.datasource.hikari.connection-timeout")
		.plus(REDIS_TIMEOUT)
		.plus(ANSWER_PATH)
		.plus(MARGIN);

	/**
	 * One request at a time is one failed call each, a pool wait apart: the breaker opens once
	 * minimum-number-of-calls of them fall inside one window (which moves a second at a time), so
	 * within that many answers at their bound and one window more.
	 */
	private static final Duration OPENS_WITHIN = CACHE_ANSWER_BOUND.multipliedBy(MINIMUM_CALLS).plus(BREAKER_WINDOW);

	/**
	 * storagesvc answers again once the database has started and storagesvc has its new address.
	 * Stopped, the database gave up its address on the compose network, and B, created meanwhile, may
	 * have been given it: the database comes back on another one. storagesvc's JVM holds an address
	 * for the image's networkaddress.cache.ttl after its last lookup, and the failed lookups while
	 * the database was gone for its negative TTL (with the JDK's 30 s and 10 s this took ~19 s); 5 s
	 * more for the database's own start and storagesvc's first connection.
	 */
	private static final Duration STORAGESVC_BACK_WITHIN = imageDnsCache("networkaddress.cache.ttl")
		.plus(imageDnsCache("networkaddress.cache.negative.ttl"))
		.plusSeconds(5);

	/**
	 * Each breaker opened before the database was started, so it is half-open at most its wait after
	 * storagesvc is back (and waits there: no request is sent to it meanwhile, so no probe fails);
	 * then two probes each close it. 2 s for those, polled every 250 ms on a loaded machine.
	 */
	private static final Duration LIVE_AGAIN_WITHIN = BREAKER_WAIT.plusSeconds(2);

	/** A booksvc's start on a loaded 2-core machine, its warm-up included (WarmUpIT holds the warm-up's own bounds). */
	private static final Duration STARTS_WITHIN = Duration.ofMinutes(2);

	/** The key of the book list in Redis: booksvc's prefix, then the list's key (catalog/LastGoodAnswers). */
	private static final String BOOK_LIST_KEY = BOOKSVC.string("booksvc.cache.key-prefix") + "books";

	/** The image's user (Dockerfile: USER 10001:10001), numeric so that a kubelet's runAsNonRoot accepts it. */
	private static final String IMAGE_USER = "10001:10001";

	private final ComposeStack stack = new ComposeStack("resilience-demo-replicas-it",
			Map.of("BOOKSVC_PORT", ComposeStack.freePortRange(2)));

	private final LocalHttp http = new LocalHttp();

	private String containerA;

	private int portA;

	private int portB;

	/** When storagesvc produced A's live answer: the cache's entry is that answer. */
	private String fetchedByA;

	private List<Object> booksOfA;

	@BeforeAll
	void upWithOneBooksvc() {
		stack.run("down", "-v", "--remove-orphans");
		stack.run(Duration.ofMinutes(15), "up", "-d", "--build", "--scale", "booksvc=1");
		portA = stack.hostPort("booksvc", 1, 8081);
		containerA = stack.container("booksvc", 1);
		awaitReady(portA);
	}

	@AfterAll
	void down() {
		stack.run("down", "-v", "--remove-orphans");
	}

	@Test
	@Order(1)
	void instanceAAnswersLiveAndItsAnswerIsInRedis() {
		HttpResponse<String> response = get(portA, "/");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("X-Data-Source")).contains("storagesvc");
		assertThat(response.body()).contains("\"source\":\"storagesvc\"", "Pride and Prejudice");
		fetchedByA = JsonPath.read(response.body(), "$.fetchedAt");
		booksOfA = JsonPath.read(response.body(), "$.books");
		// the cache write is in the background, one Redis command; docker exec is the slow part
		await().atMost(REDIS_TIMEOUT.plusSeconds(5)).pollInterval(Duration.ofMillis(200))
			.until(() -> redis("exists", BOOK_LIST_KEY).strip(), "1"::equals);
	}

	@Test
	@Order(2)
	void instanceBStartsWhileTheDatabaseIsDownAndNeverHasALiveAnswer() {
		stack.run("stop", "database");

		// --no-deps: up would otherwise start the stopped database again (booksvc → storagesvc → database)
		stack.run(Duration.ofMinutes(3), "up", "-d", "--no-deps", "--no-recreate", "--scale", "booksvc=2", "booksvc");
		portB = stack.hostPort("booksvc", 2, 8081);
		awaitReady(portB);

		assertThat(stack.container("booksvc", 1)).as("A, neither recreated nor restarted").isEqualTo(containerA);
		assertThat(portB).isNotEqualTo(portA);
		assertThat(stack.command("docker", "inspect", "-f", "{{.State.Running}}", stack.container("database", 1)).strip())
			.as("the database, still stopped")
			.isEqualTo("false");
		// B's calls before this test's requests: its warm-up, answered from what A left in Redis (a
		// second GET / when the cold first attempt outlasted the time limit: booksvc's WarmUp)
		assertThat(warmUps(stack.command("docker", "logs", stack.container("booksvc", 2)))).hasSizeBetween(1, 2)
			.containsOnly("Warmed up: GET / answered 200 (cache)");
	}

	@Test
	@Order(3)
	void bothContainersRunAsTheImagesNumericUser() {
		for (int index = 1; index <= 2; index++) {
			String container = stack.container("booksvc", index);

			assertThat(stack.command("docker", "inspect", "-f", "{{.Config.User}}", container).strip())
				.as("booksvc %d", index)
				.isEqualTo(IMAGE_USER);
			assertThat(stack.command("docker", "exec", container, "id", "-u").strip()).as("booksvc %d", index)
				.isEqualTo(IMAGE_USER.split(":")[0]);
			assertThat(stack.command("docker", "exec", container, "id", "-g").strip()).as("booksvc %d", index)
				.isEqualTo(IMAGE_USER.split(":")[1]);
		}
	}

	@Test
	@Order(4)
	void instanceBAnswersFromTheSharedCacheWithTheAnswerAFetched() {
		HttpResponse<String> response = get(portB, "/");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("X-Data-Source")).contains("cache");
		assertThat(response.headers().firstValue("Age")).hasValueSatisfying(age -> assertThat(Long.parseLong(age)).isNotNegative());
		assertThat(response.body()).contains("\"source\":\"cache\"");
		assertThat((String) JsonPath.read(response.body(), "$.fetchedAt")).isEqualTo(fetchedByA);
		assertThat((List<Object>) JsonPath.read(response.body(), "$.books")).isEqualTo(booksOfA);
	}

	@Test
	@Order(5)
	void eachBreakerOpensOnItsOwnCallsOnly() {
		Map<String, Long> answersOfA = driveUntilOpen(portA);

		assertThat(breaker(portA).state()).isEqualTo("OPEN");
		Breaker ofB = breaker(portB);
		assertThat(ofB.state()).as("B's breaker, while A's is open").isEqualTo("CLOSED");
		assertThat(ofB.bufferedCalls()).as("B's calls in its window").isLessThan(MINIMUM_CALLS);
		assertThat(answersOfA).containsOnlyKeys("200 cache");

		Map<String, Long> answersOfB = driveUntilOpen(portB);

		assertThat(breaker(portB).state()).isEqualTo("OPEN");
		assertThat(answersOfB).containsOnlyKeys("200 cache");
	}

	@Test
	@Order(6)
	void databaseBackBothAnswerLiveAndBothBreakersClose() {
		stack.run("start", "database");
		// Asked before storagesvc is back, a half-open breaker's probes would fail and open it for another wait.
		await().atMost(STORAGESVC_BACK_WITHIN).pollInterval(Duration.ofMillis(250))
			.until(() -> send("http://localhost:" + stack.storagesvcPort() + "/books").statusCode() == 200);

		await().atMost(LIVE_AGAIN_WITHIN).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> instances()
			.forEach((name, port) -> {
				assertThat(get(port, "/").headers().firstValue("X-Data-Source")).as(name).contains("storagesvc");
				assertThat(breaker(port).state()).as(name).isEqualTo("CLOSED");
			}));
		// and they stay so
		instances().forEach((name, port) -> {
			HttpResponse<String> response = get(port, "/");
			assertThat(response.statusCode()).as(name).isEqualTo(200);
			assertThat(response.headers().firstValue("X-Data-Source")).as(name).contains("storagesvc");
			assertThat(breaker(port).state()).as(name).isEqualTo("CLOSED");
		});
	}

	/** A DNS cache setting of the images' JVMs, in seconds, as the Dockerfile writes it. */
	private static Duration imageDnsCache(String property) {
		try {
			Matcher setting = Pattern.compile(Pattern.quote(property) + "=(\\d+)")
				.matcher(Files.readString(ProjectRoot.resolve("Dockerfile")));
			assertThat(setting.find()).as(property + " in the Dockerfile").isTrue();
			return Duration.ofSeconds(Long.parseLong(setting.group(1)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private Map<String, Integer> instances() {
		Map<String, Integer> instances = new LinkedHashMap<>();
		instances.put("A", portA);
		instances.put("B", portB);
		return instances;
	}

	/**
	 * Requests to one instance, one at a time, until its breaker is open; its answers counted by
	 * status and source.
	 */
	private Map<String, Long> driveUntilOpen(int port) {
		Map<String, Long> answers = new TreeMap<>();
		await().atMost(OPENS_WITHIN).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10)).until(() -> {
			HttpResponse<String> response = get(port, "/");
			answers.merge(response.statusCode() + " " + response.headers().firstValue("X-Data-Source").orElse("-"), 1L,
					Long::sum);
			return breaker(port).state().equals("OPEN");
		});
		return answers;
	}

	private record Breaker(String state, int bufferedCalls) {
	}

	/** The storagesvc breaker of the instance on this port, as its actuator reports it. */
	private Breaker breaker(int port) {
		HttpResponse<String> response = get(port, "/actuator/circuitbreakers");
		assertThat(response.statusCode()).isEqualTo(200);
		return new Breaker(JsonPath.read(response.body(), "$.circuitBreakers.storagesvc.state"),
				JsonPath.read(response.body(), "$.circuitBreakers.storagesvc.bufferedCalls"));
	}

	/** The warm-up's lines in a booksvc's log (book/WarmUp), without their timing. */
	private static List<String> warmUps(String log) {
		return Pattern.compile("\"message\":\"(Warmed up: GET / answered \\d+ \\([^)]*\\))")
			.matcher(log)
			.results()
			.map(match -> match.group(1))
			.toList();
	}

	private void awaitReady(int port) {
		await().atMost(STARTS_WITHIN).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
			.until(() -> get(port, "/actuator/health/readiness").statusCode() == 200);
	}

	private String redis(String... command) {
		List<String> args = new ArrayList<>(List.of("exec", "-T", "redis", "redis-cli"));
		args.addAll(List.of(command));
		return stack.run(args.toArray(String[]::new));
	}

	private HttpResponse<String> get(int port, String path) {
		return send("http://localhost:" + port + path);
	}

	private HttpResponse<String> send(String url) {
		return http.get(url);
	}

}
