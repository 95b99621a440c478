package com.example.e2e;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Prometheus run for real beside the stack ({@code docker compose --profile metrics up}): through a
 * database outage under light traffic, its breaker series shows the open period, every query of the
 * Grafana dashboard has data, and the alerting rules are loaded and evaluate.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComposePrometheusIT {

	private static final String BREAKER_CLOSED = "resilience4j_circuitbreaker_state{application=\"booksvc\",name=\"storagesvc\",state=\"closed\"}";

	private static final String BREAKER_OPEN = "resilience4j_circuitbreaker_state{application=\"booksvc\",name=\"storagesvc\",state=\"open\"}";

	/** Scrape interval (observability/prometheus.yml, 5 s) and the breaker's own moves, with room to spare. */
	private static final Duration SEEN_BY_PROMETHEUS = Duration.ofSeconds(60);

	private final int prometheusPort = ComposeStack.freePort();

	private final ComposeStack stack = new ComposeStack("resilience-demo-prometheus",
			Map.of("PROMETHEUS_PORT", String.valueOf(prometheusPort)));

	private final LocalHttp http = new LocalHttp();

	private final ScheduledExecutorService traffic = Executors.newSingleThreadScheduledExecutor();

	@BeforeAll
	void upWithPrometheus() {
		stack.run("down", "-v", "--remove-orphans");
		stack.run(Duration.ofMinutes(15), "--profile", "metrics", "up", "-d", "--build");
		await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
			.until(() -> status("http://localhost:" + stack.booksvcPort() + "/actuator/health/readiness") == 200
					&& status(prometheus("/-/ready")) == 200);
		// Light traffic, as users would make: the rates on the dashboard need answers to count.
		traffic.scheduleAtFixedRate(this::ask, 0, 200, TimeUnit.MILLISECONDS);
	}

	@AfterAll
	void down() {
		traffic.shutdownNow();
		stack.run("--profile", "metrics", "down", "-v", "--remove-orphans");
	}

	@Test
	void theBreakerSeriesShowsTheOutageAndEveryDashboardQueryHasData() throws IOException {
		awaitQuery(BREAKER_CLOSED + " == 1");
		Instant before = Instant.now();

		stack.run("stop", "database");
		awaitQuery(BREAKER_CLOSED + " == 0");
		awaitQuery("storagesvc_database_up == 0");
		stack.run("start", "database");
		// A range query's points fall every 5 s from its start: the closed state is back in the series
		// once a point falls after the breaker closed, which an instant query may see sooner.
		await().atMost(SEEN_BY_PROMETHEUS).pollInterval(Duration.ofSeconds(1))
			.untilAsserted(() -> assertThat(String.join("", range(BREAKER_CLOSED, before, Instant.now())))
				.as("closed, over time")
				.matches("1+0+1+"));
		assertThat(range(BREAKER_OPEN, before, Instant.now())).as("open, over time").contains("1");

		String dashboard = Files.readString(ProjectRoot.path().resolve("observability/grafana/dashboards/resilience-demo.json"));
		List<String> queries = JsonPath.read(dashboard, "$.panels[*].targets[*].expr");
		assertThat(queries).hasSizeGreaterThan(10);
		for (String query : queries) {
			assertThat(JsonPath.<List<Object>>read(query(query), "$.data.result")).as(query).isNotEmpty();
		}

		String rules = get(prometheus("/api/v1/rules"));
		assertThat(JsonPath.<List<String>>read(rules, "$.data.groups[*].rules[*].name")).containsExactlyInAnyOrder(
				"BooksvcBreakerNotClosed", "BooksvcServingFromCache", "BooksvcAnswering503", "BooksvcCacheErrors",
				"StoragesvcDatabaseDown");
		assertThat(JsonPath.<List<String>>read(rules, "$.data.groups[*].rules[*].health")).containsOnly("ok");
	}

	/** One request; a failure must not end the schedule (an exception would cancel it). */
	private void ask() {
		try {
			status("http://localhost:" + stack.booksvcPort() + "/");
		}
		catch (RuntimeException ex) {
			// the next one, 200 ms later, asks again
		}
	}

	private void awaitQuery(String query) {
		await().atMost(SEEN_BY_PROMETHEUS).pollInterval(Duration.ofSeconds(1))
			.until(() -> !JsonPath.<List<Object>>read(query(query), "$.data.result").isEmpty());
	}

	/** The series' values from {@code from} to {@code to}, one per 5 s scrape, as Prometheus prints them. */
	private List<String> range(String series, Instant from, Instant to) {
		String body = get(prometheus("/api/v1/query_range?query=" + encode(series) + "&start=" + from.getEpochSecond()
				+ "&end=" + to.getEpochSecond() + "&step=5"));
		return JsonPath.read(body, "$.data.result[0].values[*][1]");
	}

	private String query(String query) {
		return get(prometheus("/api/v1/query?query=" + encode(query)));
	}

	private String prometheus(String path) {
		return "http://localhost:" + prometheusPort + path;
	}

	private String get(String url) {
		HttpResponse<String> response = send(url);
		assertThat(response.statusCode()).as(url).isEqualTo(200);
		return response.body();
	}

	private int status(String url) {
		return send(url).statusCode();
	}

	private HttpResponse<String> send(String url) {
		return http.get(url);
	}

	private static String encode(String query) {
		return URLEncoder.encode(query, StandardCharsets.UTF_8);
	}

}
