package com.example.booksvc.observability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.jayway.jsonpath.JsonPath;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wiremock.spring.ConfigureWireMock;
import org.wiremock.spring.EnableWireMock;
import org.wiremock.spring.InjectWireMock;
import org.yaml.snakeyaml.Yaml;

import com.example.booksvc.RedisContainerConfiguration;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import static com.example.booksvc.Fixtures.BOOKS_JSON;
import static com.example.booksvc.Fixtures.cacheKey;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What users watch: actuator endpoints, health, and the metrics the Grafana dashboard reads. The
 * context, and so its counters, is shared by every test here, in any order: counts are deltas.
 */
// No answer reuse: the fault's answer must come from the cache, not be the live one served again.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "booksvc.answer-reuse=0ms")
@AutoConfigureObservability(tracing = false) // tests switch metrics export off unless asked
@EnableWireMock(@ConfigureWireMock(name = "storagesvc", baseUrlProperties = "storagesvc.base-url"))
@Import(RedisContainerConfiguration.class)
class ObservabilityIT {

	/** The repository's observability/ (failsafe passes the root; from an IDE, booksvc's parent). */
	private static final Path OBSERVABILITY = Path.of(System.getProperty("project.root", "..")).resolve("observability");

	/** In PromQL with quoted strings removed: metric names have underscores, functions and labels here do not. */
	private static final Pattern METRIC_IN_QUERY = Pattern.compile("\\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\\b");

	@InjectWireMock("storagesvc")
	private WireMockServer storagesvc;

	@Autowired
	private TestRestTemplate http;

	@Autowired
	private CircuitBreakerRegistry breakers;

	@Autowired
	private StringRedisTemplate redis;

	@BeforeEach
	void startClean() {
		storagesvc.resetAll();
		redis.delete(redis.keys("booksvc:*"));
		breakers.circuitBreaker("storagesvc").reset();
	}

	@Test
	void exposesTheResilienceEndpointsAndNothingSensitive() {
		Map<String, Object> links = JsonPath.read(http.getForObject("/actuator", String.class), "$._links");

		assertThat(links.keySet()).contains("health", "info", "metrics", "prometheus", "circuitbreakers",
				"circuitbreakerevents", "retries", "retryevents", "timelimiters", "bulkheads");
		assertThat(links.keySet()).allMatch(link -> Set.of("self", "health", "health-path", "info", "metrics",
				"metrics-requiredMetricName", "prometheus", "circuitbreakers", "circuitbreakers-name",
				"circuitbreakerevents", "circuitbreakerevents-name", "circuitbreakerevents-name-eventType", "retries",
				"retryevents", "retryevents-name", "retryevents-name-eventType", "timelimiters", "bulkheads").contains(link));
	}

	@ParameterizedTest
	@ValueSource(strings = { "env", "beans", "heapdump", "threaddump", "configprops", "loggers", "mappings",
			"shutdown", "timelimiterevents" })
	void keepsOtherEndpointsClosed(String endpoint) {
		assertThat(http.getForEntity("/actuator/" + endpoint, String.class).getStatusCode())
			.isEqualTo(HttpStatus.NOT_FOUND);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "FORCE_OPEN", "DISABLE", "METRICS_ONLY", "CLOSE" })
	void nobodyCanSwitchTheBreakerThroughActuator(String newState) {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);

		ResponseEntity<String> response = http.postForEntity("/actuator/circuitbreakers/storagesvc",
				new HttpEntity<>("{\"updateState\":\"" + newState + "\"}", headers), String.class);

		assertThat(response.getStatusCode().is4xxClientError()).as("answered %s", response.getStatusCode()).isTrue();
		assertThat(breakers.circuitBreaker("storagesvc").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
	}

	@Test
	void anOpenBreakerShowsInHealthButNeverInTheProbes() {
		breakers.circuitBreaker("storagesvc").transitionToOpenState();

		ResponseEntity<String> health = http.getForEntity("/actuator/health", String.class);
		ResponseEntity<String> liveness = http.getForEntity("/actuator/health/liveness", String.class);
		ResponseEntity<String> readiness = http.getForEntity("/actuator/health/readiness", String.class);

		assertThat(health.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(JsonPath.<String>read(health.getBody(), "$.status")).isEqualTo("CIRCUIT_OPEN");
		assertThat(JsonPath.<String>read(health.getBody(), "$.components.circuitBreakers.status")).isEqualTo("CIRCUIT_OPEN");
		assertThat(liveness.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(readiness.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(JsonPath.<String>read(http.getForObject("/actuator/circuitbreakers", String.class),
				"$.circuitBreakers.storagesvc.state")).isEqualTo("OPEN");
	}

	@Test
	void prometheusHasTheResilienceAndCacheMetricsAfterAFault() {
		double cacheAnswers = answers("cache");
		double liveAnswers = answers("storagesvc");

		givenAFaultServedFromTheCache();

		String scrape = http.getForObject("/actuator/prometheus", String.class);
		assertThat(answers("cache") - cacheAnswers).isEqualTo(1);
		assertThat(answers("storagesvc") - liveAnswers).isEqualTo(1);
		assertThat(scrape).contains("resilience4j_circuitbreaker_state{", "resilience4j_circuitbreaker_calls_seconds_count{",
				"resilience4j_retry_calls_total{", "resilience4j_timelimiter_calls_total{",
				"booksvc_answers_total{application=\"booksvc\",source=\"unavailable\"}", "booksvc_cache_age_seconds_count",
				"booksvc_cache_errors_total{application=\"booksvc\",operation=\"write\"}");
	}

	@Test
	void everyMetricTheDashboardQueriesExists() throws IOException {
		givenAFaultServedFromTheCache();
		Set<String> scraped = metricNames(http.getForObject("/actuator/prometheus", String.class));

		JsonNode dashboard = new ObjectMapper()
			.readTree(OBSERVABILITY.resolve("grafana/dashboards/resilience-demo.json").toFile());
		List<String> queries = dashboard.findValuesAsText("expr");

		assertThat(dashboard.path("uid").asText()).isEqualTo("resilience-demo");
		assertThat(queries).hasSizeGreaterThanOrEqualTo(dashboard.path("panels").size());
		// storagesvc exposes the same http_server_requests metric as booksvc
		Set<String> queried = queries.stream()
			.map(query -> query.replaceAll("\"[^\"]*\"", "\"\""))
			.flatMap(query -> METRIC_IN_QUERY.matcher(query).results().map(MatchResult::group))
			.collect(Collectors.toSet());
		assertThat(queried).hasSizeGreaterThanOrEqualTo(10).allSatisfy(name -> assertThat(scraped).contains(name));
	}

	@Test
	void prometheusScrapesBothServicesWhereTheyServeMetrics() throws IOException {
		Map<String, Object> config = new Yaml().load(Files.readString(OBSERVABILITY.resolve("prometheus.yml")));

		List<Map<String, Object>> jobs = castList(config.get("scrape_configs"));
		assertThat(jobs).extracting(job -> job.get("job_name")).containsExactlyInAnyOrder("booksvc", "storagesvc");
		assertThat(jobs).allSatisfy(job -> assertThat(job.get("metrics_path")).isEqualTo("/actuator/prometheus"));
		List<Object> targets = jobs.stream()
			.flatMap(job -> castList(job.get("static_configs")).stream())
			.flatMap(staticConfig -> ((List<?>) staticConfig.get("targets")).stream())
			.map(Object.class::cast)
			.toList();
		assertThat(targets).containsExactlyInAnyOrder("booksvc:8081", "storagesvc:8082");
	}

	/** A good answer, then storagesvc failing: one live and one cached answer, and a failed retry. */
	private void givenAFaultServedFromTheCache() {
		storagesvc.stubFor(get("/books").willReturn(okJson(BOOKS_JSON)));
		http.getForObject("/books", String.class);
		await().atMost(Duration.ofSeconds(5)).until(() -> redis.hasKey(cacheKey("books")));
		storagesvc.stubFor(get("/books").willReturn(serverError()));
		assertThat(http.getForEntity("/books", String.class).getHeaders().getFirst("X-Data-Source")).isEqualTo("cache");
	}

	/** booksvc_answers_total of one source as Prometheus scrapes it; 0 before the first such answer. */
	private double answers(String source) {
		String series = "booksvc_answers_total{application=\"booksvc\",source=\"" + source + "\"} ";
		return http.getForObject("/actuator/prometheus", String.class)
			.lines()
			.filter(line -> line.startsWith(series))
			.mapToDouble(line -> Double.parseDouble(line.substring(series.length())))
			.findFirst()
			.orElse(0);
	}

	private static Set<String> metricNames(String scrape) {
		return scrape.lines()
			.filter(line -> !line.startsWith("#") && !line.isBlank())
			.map(line -> line.split("[{ ]", 2)[0])
			.flatMap(name -> Stream.of(name, name.replaceAll("_(count|sum|max|bucket)$", "")))
			.collect(Collectors.toSet());
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> castList(Object list) {
		return (List<Map<String, Object>>) list;
	}

}
