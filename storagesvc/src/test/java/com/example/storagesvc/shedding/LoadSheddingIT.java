package com.example.storagesvc.shedding;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import com.jayway.jsonpath.JsonPath;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import com.example.storagesvc.PostgresContainerConfiguration;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two permits, each book request held for {@link #HELD} by chaos latency: a third request in
 * flight must be shed at once, the two held ones served, and the probes unaffected.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "storagesvc.load-shedding.max-concurrent-calls=" + LoadSheddingIT.PERMITS,
				"storagesvc.chaos.latency=2s" })
@Import(PostgresContainerConfiguration.class)
class LoadSheddingIT {

	static final int PERMITS = 2;

	private static final Duration HELD = Duration.ofSeconds(2);

	/**
	 * A served request takes at least {@link #HELD}, and one queued for a JDBC connection up to
	 * its 250 ms timeout; a shed one touches neither. 250 ms leaves a slow CI machine a wide margin
	 * over the few milliseconds shedding takes, and is still far from anything that waited.
	 */
	private static final Duration SHED_AT_ONCE = Duration.ofMillis(250);

	@Autowired
	private TestRestTemplate http;

	@Autowired
	private MeterRegistry meters;

	@Test
	void shedsRequestsBeyondThePermitsAtOnceAndServesTheHeldOnes() throws Exception {
		try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
			// given: every permit held by a request that chaos keeps in flight
			List<Future<ResponseEntity<String>>> held = Stream
				.generate(() -> clients.submit(() -> http.getForEntity("/books/1", String.class)))
				.limit(PERMITS)
				.toList();
			await().atMost(HELD.dividedBy(2)).until(() -> requestsInFlight() >= PERMITS);

			// when
			long start = System.nanoTime();
			ResponseEntity<String> shed = http.getForEntity("/books", String.class);
			Duration took = Duration.ofNanos(System.nanoTime() - start);

			// then: the excess is told at once, and when to come back
			assertThat(shed.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
			assertThat(shed.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
			assertThat(shed.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
			assertThat(JsonPath.<String>read(shed.getBody(), "$.title")).isEqualTo("Too many requests in flight");
			// refused before any work: booksvc knows it by its type, and retries it at once
			assertThat(JsonPath.<String>read(shed.getBody(), "$.type"))
				.isEqualTo("tag:example.com,2026:storagesvc/too-many-requests-in-flight");
			assertThat(took).isLessThan(SHED_AT_ONCE);
			// and: shedding is no reason to restart storagesvc or take it out of rotation
			for (String probe : new String[] { "/actuator/health", "/actuator/health/liveness",
					"/actuator/health/readiness" }) {
				ResponseEntity<String> health = http.getForEntity(probe, String.class);
				assertThat(health.getStatusCode()).as(probe).isEqualTo(HttpStatus.OK);
				assertThat(JsonPath.<String>read(health.getBody(), "$.status")).as(probe).isEqualTo("UP");
			}
			// and: the requests in flight are served
			for (Future<ResponseEntity<String>> request : held) {
				assertThat(request.get().getStatusCode()).isEqualTo(HttpStatus.OK);
			}
		}
		assertThat(http.getForEntity("/books/1", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
	}

	@Test
	void permitsShowInMetrics() {
		String max = http.getForObject("/actuator/metrics/resilience4j.bulkhead.max.allowed.concurrent.calls",
				String.class);

		assertThat(JsonPath.<List<String>>read(max, "$.availableTags[?(@.tag == 'name')].values[0]"))
			.containsExactly("books");
		assertThat(JsonPath.<Double>read(max, "$.measurements[0].value")).isEqualTo(PERMITS);
	}

	/** Counted by Spring's HTTP observation, which starts before any filter of ours: true of any build. */
	private int requestsInFlight() {
		return meters.find("http.server.requests.active")
			.longTaskTimers()
			.stream()
			.mapToInt(LongTaskTimer::activeTasks)
			.sum();
	}

}
