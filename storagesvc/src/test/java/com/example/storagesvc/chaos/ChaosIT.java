package com.example.storagesvc.chaos;

import java.time.Duration;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.example.storagesvc.PostgresContainerConfiguration;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "storagesvc.chaos.endpoint-enabled=true")
@Import(PostgresContainerConfiguration.class)
class ChaosIT {

	@Autowired
	private TestRestTemplate http;

	@AfterEach
	void calmDown() {
		put("""
				{"failureRate": 0, "latency": "0ms", "outage": false}""");
	}

	@Test
	void failureRateOneFailsEveryBookRequestWithRetryAfter() {
		assertThat(put("""
				{"failureRate": 1.0, "latency": "0ms", "outage": false}""").getStatusCode()).isEqualTo(HttpStatus.OK);

		for (String path : new String[] { "/books", "/books/1", "/books?author=austen" }) {
			ResponseEntity<String> response = http.getForEntity(path, String.class);
			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
			assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
			assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("0");
		}
	}

	@Test
	void outageLeavesActuatorTruthful() {
		put("""
				{"failureRate": 0, "latency": "0ms", "outage": true}""");

		assertThat(http.getForEntity("/books", String.class).getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(http.getForEntity("/actuator/health/readiness", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
	}

	@Test
	void latencyIsAddedToBookRequests() {
		put("""
				{"failureRate": 0, "latency": "400ms", "outage": false}""");

		long start = System.nanoTime();
		ResponseEntity<String> response = http.getForEntity("/books/1", String.class);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
	}

	@Test
	void settingsCanBeReadBack() {
		put("""
				{"failureRate": 0.5, "latency": "100ms", "latencyMax": "900ms", "outage": false}""");

		String settings = http.getForObject("/chaos", String.class);

		assertThat(JsonPath.<Double>read(settings, "$.failureRate")).isEqualTo(0.5);
		assertThat(JsonPath.<String>read(settings, "$.latencyMax")).isEqualTo("900ms");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			rate above 1         | {"failureRate": 1.5, "latency": "0ms", "outage": false}              | failureRate
			rate missing         | {"latency": "0ms", "outage": false}                                  | failureRate
			negative latency     | {"failureRate": 0, "latency": "-5ms", "outage": false}               | latency
			latency over the cap | {"failureRate": 0, "latency": "11s", "outage": false}                | latency
			latencyMax over cap  | {"failureRate": 0, "latency": "0ms", "latencyMax": "1h"}              | latencyMax
			inverted range       | {"failureRate": 0, "latency": "500ms", "latencyMax": "100ms"}        | latencyRangeValid
			not a duration       | {"failureRate": 0, "latency": "soon", "outage": false}               | latency
			""")
	void badSettingsAreRejectedNamingTheField(String what, String body, String field) {
		ResponseEntity<String> response = put(body);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(JsonPath.<List<String>>read(response.getBody(), "$.errors[*].field")).containsExactly(field);
		assertThat(http.getForEntity("/books/1", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
	}

	@Test
	void latencyOfAnHourIsRefusedAndTheSettingsStayAsTheyWere() {
		put("""
				{"failureRate": 0.25, "latency": "10s", "outage": false}""");
		String before = http.getForObject("/chaos", String.class);

		ResponseEntity<String> response = put("""
				{"failureRate": 0, "latency": "1h", "outage": false}""");

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(JsonPath.<String>read(response.getBody(), "$.detail")).isEqualTo("Invalid fields: latency");
		assertThat(JsonPath.<String>read(response.getBody(), "$.errors[0].message")).isEqualTo("must be at most 10s");
		assertThat(http.getForObject("/chaos", String.class)).isEqualTo(before);
	}

	private ResponseEntity<String> put(String json) {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		return http.exchange("/chaos", HttpMethod.PUT, new HttpEntity<>(json, headers), String.class);
	}

}
