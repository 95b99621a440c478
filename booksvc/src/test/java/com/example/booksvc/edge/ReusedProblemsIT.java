package com.example.booksvc.edge;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.jayway.jsonpath.JsonPath;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wiremock.spring.ConfigureWireMock;
import org.wiremock.spring.EnableWireMock;
import org.wiremock.spring.InjectWireMock;

import com.example.booksvc.RedisContainerConfiguration;
import com.example.booksvc.resilience.StoragesvcBreaker;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An answer served again is rendered for each caller as its own: {@code /} and {@code /books} share
 * one query, and each problem names the path it answers. Answers are reused for an hour here, so
 * that no machine is too slow for the second request to find the first's answer.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "booksvc.answer-reuse=1h")
@EnableWireMock(@ConfigureWireMock(name = "storagesvc", baseUrlProperties = "storagesvc.base-url"))
@Import(RedisContainerConfiguration.class)
class ReusedProblemsIT {

	@InjectWireMock("storagesvc")
	private WireMockServer storagesvc;

	@Autowired
	private TestRestTemplate http;

	@Autowired
	private CircuitBreakerRegistry breakers;

	@Autowired
	private StringRedisTemplate redis;

	private CircuitBreaker breaker;

	@BeforeEach
	void breakerOpenNothingCached() {
		redis.delete(redis.keys("booksvc:*"));
		breaker = breakers.circuitBreaker(StoragesvcBreaker.POLICIES);
		breaker.reset();
		breaker.transitionToOpenState();
	}

	@AfterEach
	void closeBreaker() {
		breaker.reset();
	}

	@Test
	void aReused503NamesEachCallersOwnPath() {
		ResponseEntity<String> root = http.getForEntity("/", String.class);
		ResponseEntity<String> books = http.getForEntity("/books", String.class);

		// one answer, served twice: one call the open breaker refused, none to storagesvc
		assertThat(breaker.getMetrics().getNumberOfNotPermittedCalls()).isEqualTo(1);
		storagesvc.verify(exactly(0), anyRequestedFor(anyUrl()));
		assertThat(root.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(books.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(JsonPath.<String>read(root.getBody(), "$.instance")).isEqualTo("/");
		assertThat(JsonPath.<String>read(books.getBody(), "$.instance")).isEqualTo("/books");
		assertThat(books.getHeaders().getFirst("Retry-After")).isEqualTo(root.getHeaders().getFirst("Retry-After"));
	}

}
