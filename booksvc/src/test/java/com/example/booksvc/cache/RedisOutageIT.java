package com.example.booksvc.cache;

import java.time.Duration;

import com.github.dockerjava.api.DockerClient;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.wiremock.spring.ConfigureWireMock;
import org.wiremock.spring.EnableWireMock;
import org.wiremock.spring.InjectWireMock;

import com.example.booksvc.RetryBackoff;
import com.example.testsupport.FixedHostPort;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.data.redis.RedisProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import static com.example.booksvc.Fixtures.BOOKS_JSON;
import static com.example.booksvc.Fixtures.cacheKey;
import static com.example.booksvc.RedisContainerConfiguration.REDIS_IMAGE;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Redis is optional: takes it away under a running booksvc, as {@code docker compose stop redis} does. */
// Every request asks storagesvc: the both-down step must not get the previous live answer again.
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "booksvc.answer-reuse=0ms")
@EnableWireMock(@ConfigureWireMock(name = "storagesvc", baseUrlProperties = "storagesvc.base-url"))
class RedisOutageIT {

	private static final String BOOKS_KEY = cacheKey("books");

	@InjectWireMock("storagesvc")
	private WireMockServer storagesvc;

	@Autowired
	private TestRestTemplate http;

	@Autowired
	private GenericContainer<?> redisContainer;

	@Autowired
	private StringRedisTemplate redis;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private CircuitBreakerRegistry breakers;

	@Autowired
	private RedisProperties redisSettings;

	@Autowired
	private Environment settings;

	@Test
	void answersWithoutRedisAndCachesAgainWhenItReturns(CapturedOutput output) {
		storagesvc.stubFor(get("/books").willReturn(okJson(BOOKS_JSON)));

		docker().stopContainerCmd(redisContainer.getContainerId()).exec();
		try {
			// live answers do not need Redis
			for (int i = 0; i < 3; i++) {
				assertFast(() -> {
					ResponseEntity<String> response = http.getForEntity("/books", String.class);
					assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
					assertThat(response.getHeaders().getFirst("X-Data-Source")).isEqualTo("storagesvc");
				});
			}
			await().atMost(Duration.ofSeconds(5)).until(() -> cacheErrors("write") >= 1);
			assertThat(output).contains("Cache write of 'books' failed (breaker 'storagesvc' CLOSED), the live answer was served anyway");

			// with storagesvc failing too there is nothing to fall back on: a fast 503
			storagesvc.stubFor(get("/books").willReturn(serverError()));
			assertFast(() -> {
				ResponseEntity<String> response = http.getForEntity("/books", String.class);
				assertThat(response.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
				assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
				assertThat(response.getHeaders().getFirst("Retry-After")).isNotBlank();
			});
			assertThat(cacheErrors("read")).isGreaterThanOrEqualTo(1);

			// booksvc is degraded, not down: health says so, the probes stay UP
			ResponseEntity<String> health = http.getForEntity("/actuator/health", String.class);
			assertThat(health.getStatusCode()).isEqualTo(HttpStatus.OK);
			assertThat(health.getBody()).contains("\"redis\":{\"status\":\"CACHE_UNAVAILABLE\"");
			assertThat(http.getForEntity("/actuator/health/liveness", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
			assertThat(http.getForEntity("/actuator/health/readiness", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
		}
		finally {
			docker().startContainerCmd(redisContainer.getContainerId()).exec();
		}

		// Redis is back: good answers are remembered again, without a restart
		breakers.circuitBreaker("storagesvc").reset();
		storagesvc.stubFor(get("/books").willReturn(okJson(BOOKS_JSON)));
		// While Lettuce reconnects it rejects commands (by design), the test's own reads included.
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
			.ignoreExceptionsInstanceOf(DataAccessException.class)
			.untilAsserted(() -> {
			assertThat(http.getForEntity("/books", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
			assertThat(redis.hasKey(BOOKS_KEY)).isTrue();
		});
	}

	private double cacheErrors(String operation) {
		return meters.counter("booksvc.cache.errors", "operation", operation).count();
	}

	/**
	 * No wait on the Redis that is gone: at most the retry's longest waits between storagesvc's
	 * attempts (application.yml's backoff at its widest spread) and one Redis command's timeout (the fallback's read, rejected at once while
	 * Lettuce is disconnected), plus 400 ms for a loaded machine. A command queued until Redis came
	 * back would take seconds.
	 */
	private void assertFast(Runnable request) {
		long start = System.nanoTime();
		request.run();
		Duration bound = RetryBackoff.of(settings).longestTotal().plus(redisSettings.getTimeout()).plus(Duration.ofMillis(400));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(bound);
	}

	private static DockerClient docker() {
		return DockerClientFactory.instance().client();
	}

	/** Redis on a fixed host port: a restarted container would otherwise come back on a new one. */
	@TestConfiguration(proxyBeanMethods = false)
	static class RestartableRedis {

		@Bean
		@ServiceConnection(name = "redis")
		GenericContainer<?> redisContainer() {
			return FixedHostPort.publish(new GenericContainer<>(REDIS_IMAGE).withExposedPorts(6379), 6379);
		}

	}

}
