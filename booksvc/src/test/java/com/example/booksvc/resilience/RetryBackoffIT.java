package com.example.booksvc.resilience;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LongSummaryStatistics;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.stream.IntStream;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.RetryRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wiremock.spring.ConfigureWireMock;
import org.wiremock.spring.EnableWireMock;
import org.wiremock.spring.InjectWireMock;

import com.example.booksvc.RedisContainerConfiguration;
import com.example.booksvc.RetryBackoff;
import com.example.booksvc.storagesvc.StoragesvcFailureException;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatus;

import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retry's backoff as booksvc really runs it (application.yml and the {@link RetryPlan} of
 * {@link ResilienceConfiguration}): up to 100 ms then up to 200 ms (full jitter), both in the
 * registry's interval function and between the attempts storagesvc sees.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "booksvc.answer-reuse=0ms")
@EnableWireMock(@ConfigureWireMock(name = "storagesvc", baseUrlProperties = "storagesvc.base-url"))
@Import(RedisContainerConfiguration.class)
class RetryBackoffIT {

	private static final int DRAWS = 2000;

	/** What a loaded machine may add to a wait between two attempts storagesvc sees. */
	private static final Duration MARGIN = Duration.ofMillis(400);

	@InjectWireMock("storagesvc")
	private WireMockServer storagesvc;

	@Autowired
	private TestRestTemplate http;

	@Autowired
	private RetryRegistry retries;

	@Autowired
	private CircuitBreakerRegistry breakers;

	@Autowired
	private Environment environment;

	private RetryBackoff backoff;

	@Autowired
	private StringRedisTemplate redis;

	@BeforeEach
	void settings() {
		backoff = RetryBackoff.of(environment);
		storagesvc.resetAll();
		// nothing cached (this context may be shared with another test class): every lookup fails
		redis.delete(redis.keys("booksvc:*"));
	}

	@ParameterizedTest(name = "retry {0}")
	@ValueSource(ints = { 1, 2 })
	void eachWaitIsSpreadAroundItsExponentialBase(int retry) {
		LongSummaryStatistics waits = IntStream.range(0, DRAWS)
			.mapToLong(draw -> plan().backoff().apply(retry, Either.left(new TimeoutException())))
			.summaryStatistics();

		assertThat(waits.getMin()).isGreaterThanOrEqualTo(backoff.shortest(retry).toMillis());
		assertThat(waits.getMax()).isLessThanOrEqualTo(backoff.longest(retry).toMillis());
		// spread, not one fixed wait: 2000 uniform draws cover most of the ±factor range
		assertThat(waits.getMax() - waits.getMin()).isGreaterThan(Math.round(backoff.base(retry).toMillis() * backoff.factor()));
	}

	@Test
	void aRetryAfterIsWaitedForExactlyUnlessLongerThanTheLongestWait() {
		Duration longestWait = environment.getRequiredProperty("booksvc.retries.longest-wait", Duration.class);
		assertThat(interval().apply(1, retryAfter(Duration.ZERO))).isZero();
		assertThat(interval().apply(2, retryAfter(longestWait))).isEqualTo(longestWait.toMillis());
		assertThat(interval().apply(1, retryAfter(longestWait.plusMillis(1)))).isEqualTo(RetryPlan.NO_RETRY);
	}

	@Test
	void storagesvcSeesTheAttemptsThatFarApart() {
		storagesvc.stubFor(get("/books/1").willReturn(serverError()));
		List<List<Duration>> gaps = new ArrayList<>();
		for (int lookup = 0; lookup < 5; lookup++) {
			storagesvc.resetRequests();
			// four failed attempts open the breaker: each lookup starts with a closed one
			breakers.circuitBreaker(StoragesvcBreaker.POLICIES).reset();

			assertThat(http.getForEntity("/books/1", String.class).getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);

			storagesvc.verify(exactly(backoff.maxAttempts()), getRequestedFor(urlEqualTo("/books/1")));
			gaps.add(gapsBetween(storagesvc.getAllServeEvents().reversed()));
		}

		assertThat(gaps).allSatisfy(lookup -> {
			for (int retry = 1; retry < backoff.maxAttempts(); retry++) {
				assertThat(lookup.get(retry - 1)).as("before retry %d", retry)
					.isBetween(backoff.shortest(retry), backoff.longest(retry).plus(MARGIN));
			}
		});
	}

	private BiFunction<Integer, Either<Throwable, Object>, Long> interval() {
		return retries.retry(StoragesvcBreaker.POLICIES).getRetryConfig().getIntervalBiFunction();
	}

	/** The plan as configured, whose backoff is drawn from without spending its budget. */
	private RetryPlan plan() {
		return (RetryPlan) interval();
	}

	private static Either<Throwable, Object> retryAfter(Duration wait) {
		return Either.left(StoragesvcFailureException.errorStatus(HttpStatus.SERVICE_UNAVAILABLE, wait));
	}

	/** From each attempt's arrival to the next one's: the previous attempt's answer, then the wait. */
	private static List<Duration> gapsBetween(List<ServeEvent> attempts) {
		List<Duration> gaps = new ArrayList<>();
		for (int i = 1; i < attempts.size(); i++) {
			gaps.add(Duration.between(attempts.get(i - 1).getRequest().getLoggedDate().toInstant(),
					attempts.get(i).getRequest().getLoggedDate().toInstant()));
		}
		return gaps;
	}

}
