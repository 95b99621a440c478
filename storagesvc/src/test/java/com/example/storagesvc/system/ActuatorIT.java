package com.example.storagesvc.system;

import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.example.storagesvc.PostgresContainerConfiguration;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability(tracing = false) // tests switch metrics export off unless asked
@Import(PostgresContainerConfiguration.class)
class ActuatorIT {

	@Autowired
	private TestRestTemplate http;

	@Test
	void exposesOnlyHealthInfoMetricsAndPrometheus() {
		Map<String, Object> links = JsonPath.read(http.getForObject("/actuator", String.class), "$._links");

		assertThat(links).containsOnlyKeys("self", "health", "health-path", "info", "metrics",
				"metrics-requiredMetricName", "prometheus");
	}

	@ParameterizedTest
	@ValueSource(strings = { "env", "beans", "heapdump", "threaddump", "configprops", "loggers", "mappings", "shutdown" })
	void keepsSensitiveEndpointsClosed(String endpoint) {
		assertThat(http.getForEntity("/actuator/" + endpoint, String.class).getStatusCode())
			.isEqualTo(HttpStatus.NOT_FOUND);
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET", "PUT", "POST", "DELETE" })
	void chaosEndpointIsAbsentByDefault(String method) {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		HttpEntity<String> request = new HttpEntity<>("{\"failureRate\": 1, \"latency\": \"0ms\", \"outage\": true}", headers);

		ResponseEntity<String> chaos = http.exchange("/chaos", HttpMethod.valueOf(method), request, String.class);
		ResponseEntity<String> nothing = http.exchange("/nothing", HttpMethod.valueOf(method), request, String.class);

		// the same answer as a path that does not exist (but for the path's name), whatever the method
		assertThat(chaos.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(chaos.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(chaos.getBody()).isEqualTo(nothing.getBody().replace("nothing", "chaos"));
		assertThat(http.getForEntity("/books/1", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
	}

	@Test
	void healthIncludesDatabaseAndProbeGroups() {
		String health = http.getForObject("/actuator/health", String.class);
		String readiness = http.getForObject("/actuator/health/readiness", String.class);
		String liveness = http.getForObject("/actuator/health/liveness", String.class);

		assertThat(JsonPath.<String>read(health, "$.components.db.status")).isEqualTo("UP");
		assertThat(JsonPath.<Map<String, Object>>read(readiness, "$.components")).containsOnlyKeys("readinessState");
		assertThat(JsonPath.<Map<String, Object>>read(liveness, "$.components")).containsOnlyKeys("livenessState");
	}

	@Test
	void infoNamesTheServiceAndBuild() {
		String info = http.getForObject("/actuator/info", String.class);

		assertThat(JsonPath.<String>read(info, "$.app.name")).isEqualTo("storagesvc");
		assertThat(JsonPath.<String>read(info, "$.build.artifact")).isEqualTo("storagesvc");
	}

	@Test
	void prometheusScrapeHasHttpPoolAndLoadSheddingMetrics() {
		http.getForObject("/books/1", String.class);

		ResponseEntity<String> scrape = http.getForEntity("/actuator/prometheus", String.class);

		assertThat(scrape.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(scrape.getBody()).contains("http_server_requests_seconds_count", "hikaricp_connections_active",
				"resilience4j_bulkhead_available_concurrent_calls{application=\"storagesvc\",name=\"books\"}",
				"application=\"storagesvc\"", "storagesvc_database_up{application=\"storagesvc\"} 1.0");
	}

	/** No endpoint with a write operation is exposed, so this one is, here only, to try a write. */
	@Nested
	@TestPropertySource(properties = "management.endpoints.web.exposure.include=health, loggers")
	class WithLoggersExposed {

		@Autowired
		private TestRestTemplate http;

		@Autowired
		private LoggingSystem logging;

		private LogLevel rootLevel;

		@BeforeEach
		void rememberRootLevel() {
			rootLevel = logging.getLoggerConfiguration(LoggingSystem.ROOT_LOGGER_NAME).getConfiguredLevel();
		}

		/** Should a write get through, the JVM-wide root logger must not stay at DEBUG for later tests. */
		@AfterEach
		void restoreRootLevel() {
			logging.setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, rootLevel);
		}

		@Test
		void writeOperationsAreRefusedAndChangeNothing() {
			String before = http.getForObject("/actuator/loggers/ROOT", String.class);

			ResponseEntity<String> write = http.postForEntity("/actuator/loggers/ROOT",
					new HttpEntity<>("{\"configuredLevel\": \"DEBUG\"}", jsonHeaders()), String.class);

			assertThat(write.getStatusCode()).isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);
			assertThat(http.getForObject("/actuator/loggers/ROOT", String.class)).isEqualTo(before);
			assertThat(JsonPath.<String>read(before, "$.effectiveLevel")).isNotEqualTo("DEBUG");
		}

		private static HttpHeaders jsonHeaders() {
			HttpHeaders headers = new HttpHeaders();
			headers.setContentType(MediaType.APPLICATION_JSON);
			return headers;
		}

	}

}
