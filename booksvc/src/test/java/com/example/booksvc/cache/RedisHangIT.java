package com.example.booksvc.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.wiremock.spring.ConfigureWireMock;
import org.wiremock.spring.EnableWireMock;
import org.wiremock.spring.InjectWireMock;

import com.example.booksvc.RedisContainerConfiguration;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import static com.example.booksvc.Fixtures.bookJson;
import static com.example.booksvc.Fixtures.cacheKey;
import static com.example.booksvc.Fixtures.storagesvcDownBeyondTheBudget;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis that hangs instead of refusing ({@code docker pause}: its kernel still accepts the
 * connection and the commands, nothing answers). While storagesvc is down too, every answer is a 503
 * within the latency budget; only the first few wait for Redis (one command timeout each), then the
 * cache's breaker skips Redis until it answers again. While storagesvc answers, no answer waits for
 * Redis at all: the cache write is the live path's only Redis command, and it is asynchronous.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "booksvc.answer-reuse=0ms")
@EnableWireMock(@ConfigureWireMock(name = "storagesvc", baseUrlProperties = "storagesvc.base-url"))
@Import(RedisContainerConfiguration.class)
class RedisHangIT {

	private static final Duration MARGIN = Duration.ofMillis(400);

	@InjectWireMock("storagesvc")
	private WireMockServer storagesvc;

	@Autowired
	private GenericContainer<?> redisContainer;

	@Autowired
	private StringRedisTemplate redis;

	@Autowired
	private TestRestTemplate http;

	@Autowired
	private CircuitBreakerRegistry breakers;

	@Value("${storagesvc.latency-budget}")
	private Duration budget;

	@Value("${spring.data.redis.timeout}")
	private Duration redisTimeout;

	@Autowired
	private MeterRegistry meters;

	@BeforeEach
	void storagesvcDown() {
		storagesvc.resetAll();
		storagesvcDownBeyondTheBudget(storagesvc);
		breakers.circuitBreaker("storagesvc").reset();
		breakers.circuitBreaker(LastGoodCache.REDIS).reset();
	}

	@AfterEach
	void redisBack() {
		if (redisContainer.getDockerClient().inspectContainerCmd(redisContainer.getContainerId()).exec().getState().getPaused()) {
			redisContainer.getDockerClient().unpauseContainerCmd(redisContainer.getContainerId()).exec();
		}
	}

	@Test
	void aHungRedisCostsAFewAnswersOneShortWaitThenNone() {
		redis.opsForValue().set(cacheKey("book:2"), "{\"value\":{\"id\":2,\"title\":\"Emma\",\"author\":\"Jane Austen\","
				+ "\"isbn\":\"9780141439587\",\"publishedYear\":1815},\"fetchedAt\":\"" + Instant.now() + "\"}");
		redisContainer.getDockerClient().pauseContainerCmd(redisContainer.getContainerId()).exec();

		List<Duration> took = new ArrayList<>();
		for (int id = 1; id <= 20; id++) {
			long start = System.nanoTime();
			ResponseEntity<String> response = http.getForEntity("/books/" + id, String.class);
			took.add(Duration.ofNanos(System.nanoTime() - start));
			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		}

		assertThat(took).allSatisfy(answer -> assertThat(answer).isLessThan(budget.plus(MARGIN)));
		// two timeouts open the cache's breaker; after that Redis is not waited for
		assertThat(took.stream().filter(answer -> answer.compareTo(redisTimeout) >= 0)).hasSizeLessThanOrEqualTo(3);
		assertThat(breakers.circuitBreaker(LastGoodCache.REDIS).getState()).isIn(CircuitBreaker.State.OPEN,
				CircuitBreaker.State.HALF_OPEN);

		// once Redis answers again, so does the cache
		redisContainer.getDockerClient().unpauseContainerCmd(redisContainer.getContainerId()).exec();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(http.getForEntity("/books/2", String.class).getStatusCode())
				.isEqualTo(HttpStatus.OK));
	}

	@Test
	void aHungRedisDoesNotSlowLiveAnswers() {
		IntStream.of(1, 100).forEach(id -> storagesvc.stubFor(get("/books/" + id).willReturn(okJson(bookJson(id)))));
		// A fresh application's first call is slow (class loading): not what this test times.
		http.getForEntity("/books/100", String.class);
		await().atMost(Duration.ofSeconds(5)).until(() -> redis.hasKey(cacheKey("book:100")));
		double writeErrors = cacheErrors("write");
		redisContainer.getDockerClient().pauseContainerCmd(redisContainer.getContainerId()).exec();

		// The first answer after the pause: until a command has timed out, the cache's breaker is
		// closed, so an answer that waited for its cache write would take a whole Redis timeout.
		long start = System.nanoTime();
		ResponseEntity<String> response = http.getForEntity("/books/1", String.class);
		Duration took = Duration.ofNanos(System.nanoTime() - start);

		assertThat(response.getHeaders().getFirst("X-Data-Source")).isEqualTo("storagesvc");
		assertThat(took).isLessThan(redisTimeout);
		// and its write did go to the hung Redis, and timed out there
		await().atMost(redisTimeout.multipliedBy(2).plus(MARGIN)).until(() -> cacheErrors("write") >= writeErrors + 1);
	}

	@Test
	void onlyTimeoutsOpenTheCachesBreakerNotBooksvcsOwnSlowness() {
		CircuitBreaker cache = breakers.circuitBreaker(LastGoodCache.REDIS);
		// Commands that answered, but that booksvc took longer than the Redis timeout to see: its CPU
		// saturated, the virtual thread that waits for the answer queued (seen under 16 concurrent
		// callers in the compose walkthrough). Redis was fine: the cache must keep answering.
		for (int command = 0; command < 4; command++) {
			cache.acquirePermission();
			cache.onSuccess(redisTimeout.multipliedBy(4).toNanos(), TimeUnit.NANOSECONDS);
		}
		assertThat(cache.getState()).isEqualTo(CircuitBreaker.State.CLOSED);

		// two timed-out commands in the last four do open it
		for (int command = 0; command < 2; command++) {
			cache.acquirePermission();
			cache.onError(redisTimeout.toNanos(), TimeUnit.NANOSECONDS, new QueryTimeoutException("Redis command timed out"));
		}
		assertThat(cache.getState()).isEqualTo(CircuitBreaker.State.OPEN);
	}

	private double cacheErrors(String operation) {
		return meters.counter("booksvc.cache.errors", "operation", operation).count();
	}

}
