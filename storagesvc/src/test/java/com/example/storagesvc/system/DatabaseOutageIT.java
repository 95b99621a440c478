package com.example.storagesvc.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import com.github.dockerjava.api.DockerClient;
import com.jayway.jsonpath.JsonPath;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

import com.example.testsupport.FixedHostPort;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import static com.example.storagesvc.PostgresContainerConfiguration.POSTGRES_IMAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Takes the database away under a running storagesvc, as {@code docker compose stop database}
 * does, and brings it back: storagesvc must answer 503 fast meanwhile and serve again by itself.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DatabaseOutageIT {

	/** A loaded CI machine's share of one request, beyond what the pool's settings allow it. */
	private static final Duration MARGIN = Duration.ofMillis(500);

	/** Calls measured against booksvc's time limit, each one of them inside it. */
	private static final int MEASURED_CALLS = 10;

	@Autowired
	private TestRestTemplate http;

	@Autowired
	private PostgreSQLContainer<?> postgres;

	@Autowired
	private MeterRegistry meters;

	@Value("${spring.datasource.hikari.connection-timeout}")
	private long connectionTimeoutMillis;

	@Value("${spring.datasource.hikari.validation-timeout}")
	private long validationTimeoutMillis;

	@Value("${storagesvc.database-unavailable.retry-after}")
	private Duration retryAfter;

	@Test
	void answersServiceUnavailableFastWhileDatabaseIsDownAndRecoversWithoutRestart() {
		// given: storagesvc serving from a live database
		assertThat(http.getForEntity("/books/1", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);

		// when
		docker().stopContainerCmd(postgres.getContainerId()).exec();
		try {
			// then: every request that needs the database fails fast, with a hint when to come back
			assertServiceUnavailableFast(HttpMethod.GET, "/books");
			assertServiceUnavailableFast(HttpMethod.GET, "/books/1");
			assertServiceUnavailableFast(HttpMethod.GET, "/books?author=austen");
			assertServiceUnavailableFast(HttpMethod.POST, "/books");
			assertServiceUnavailableInsideBooksvcTimeLimit();
			// still ready: its 503 + Retry-After is the answer callers need, so it stays in the Service
			ResponseEntity<String> readiness = http.getForEntity("/actuator/health/readiness", String.class);
			assertThat(readiness.getStatusCode()).isEqualTo(HttpStatus.OK);
			assertThat(JsonPath.<Map<String, Object>>read(readiness.getBody(), "$.components")).doesNotContainKey("db");
			ResponseEntity<String> health = http.getForEntity("/actuator/health", String.class);
			assertThat(health.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
			assertThat(JsonPath.<String>read(health.getBody(), "$.components.db.status")).isEqualTo("DOWN");
			assertThat(meters.get("storagesvc.database.up").gauge().value()).isZero();
			ResponseEntity<String> liveness = http.getForEntity("/actuator/health/liveness", String.class);
			assertThat(liveness.getStatusCode()).isEqualTo(HttpStatus.OK);
			assertThat(JsonPath.<String>read(liveness.getBody(), "$.status")).isEqualTo("UP");
			assertThat(JsonPath.<Map<String, Object>>read(liveness.getBody(), "$.components")).doesNotContainKey("db");
		}
		finally {
			docker().startContainerCmd(postgres.getContainerId()).exec();
		}

		// and: the same application serves again once the database is back
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.untilAsserted(() -> assertThat(http.getForEntity("/books/1", String.class).getStatusCode())
				.isEqualTo(HttpStatus.OK));
		assertThat(http.getForEntity("/actuator/health/readiness", String.class).getStatusCode())
			.isEqualTo(HttpStatus.OK);
		assertThat(meters.get("storagesvc.database.up").gauge().value()).isOne();
	}

	private void assertServiceUnavailableFast(HttpMethod method, String path) {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		String newBook = """
				{"title": "The Time Machine", "author": "H. G. Wells", "isbn": "9780141439976", "publishedYear": 1895}""";
		HttpEntity<String> request = new HttpEntity<>(method == HttpMethod.POST ? newBook : null, headers);

		long start = System.nanoTime();
		ResponseEntity<String> response = http.exchange(path, method, request, String.class);
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

		assertThat(response.getStatusCode()).as("%s %s", method, path).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER))
			.isEqualTo(String.valueOf(retryAfter.toSeconds()));
		assertThat(elapsed).as("%s %s took %s", method, path, elapsed).isLessThan(failFast());
	}

	/**
	 * Even the first request after the database goes: it may wait for a pooled connection's check
	 * (validation-timeout) inside its wait for a connection (connection-timeout), then answers 503.
	 */
	private Duration failFast() {
		return Duration.ofMillis(Math.max(connectionTimeoutMillis, validationTimeoutMillis)).plus(MARGIN);
	}

	/** booksvc gives each attempt this long: a 503 later than that reaches booksvc as a timeout, not a 503. */
	private void assertServiceUnavailableInsideBooksvcTimeLimit() {
		Duration timeLimit = BooksvcTimeLimit.read();
		List<Duration> elapsed = new ArrayList<>();
		for (int i = 0; i < MEASURED_CALLS; i++) {
			long start = System.nanoTime();
			ResponseEntity<String> response = http.getForEntity((i % 2 == 0) ? "/books" : "/books/1", String.class);
			elapsed.add(Duration.ofNanos(System.nanoTime() - start));
			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		}
		assertThat(Collections.max(elapsed)).as("slowest of %s", elapsed).isLessThan(timeLimit);
	}

	private static DockerClient docker() {
		return DockerClientFactory.instance().client();
	}

	/** PostgreSQL on a fixed host port, so that the restarted database is where the application looks. */
	@TestConfiguration(proxyBeanMethods = false)
	static class RestartablePostgres {

		@Bean
		@ServiceConnection
		PostgreSQLContainer<?> postgres() {
			return FixedHostPort.publish(new PostgreSQLContainer<>(POSTGRES_IMAGE), 5432);
		}

	}

}
