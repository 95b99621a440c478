package com.example.storagesvc.shedding;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import jakarta.servlet.FilterChain;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

class LoadSheddingFilterTest {

	private final Bulkhead bulkhead = Bulkhead.of("books",
			BulkheadConfig.custom().maxConcurrentCalls(1).maxWaitDuration(Duration.ZERO).build());

	private final List<Exception> resolved = new ArrayList<>();

	private final HandlerExceptionResolver problems = (request, response, handler, ex) -> {
		resolved.add(ex);
		return new ModelAndView();
	};

	private final LoadSheddingFilter filter = new LoadSheddingFilter(bulkhead, Duration.ofSeconds(1), problems);

	private int passedOn;

	@Test
	void requestWithoutAPermitIsAnswered503WithRetryAfterAndNotPassedOn() throws Exception {
		bulkhead.acquirePermission();

		filter.doFilter(new MockHttpServletRequest("GET", "/books"), new MockHttpServletResponse(), passOn());

		assertThat(passedOn).isZero();
		assertThat(resolved).singleElement()
			.isInstanceOfSatisfying(TooManyRequestsInFlight.class, shed -> {
				assertThat(shed.getStatusCode().value()).isEqualTo(503);
				assertThat(shed.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
				assertThat(shed.getBody().getTitle()).isEqualTo("Too many requests in flight");
				assertThat(shed.getBody().getType()).hasToString(TooManyRequestsInFlight.TYPE);
			});
	}

	@Test
	void permitIsHeldWhileTheRequestIsServedAndReleasedAfter() throws Exception {
		List<Integer> availableWhileServed = new ArrayList<>();

		filter.doFilter(new MockHttpServletRequest("GET", "/books"), new MockHttpServletResponse(),
				(request, response) -> availableWhileServed.add(bulkhead.getMetrics().getAvailableConcurrentCalls()));

		assertThat(availableWhileServed).containsExactly(0);
		assertThat(bulkhead.getMetrics().getAvailableConcurrentCalls()).isEqualTo(1);
		assertThat(resolved).isEmpty();
	}

	@Test
	void permitIsReleasedWhenTheRequestFails() {
		assertThatIOException().isThrownBy(() -> filter.doFilter(new MockHttpServletRequest("GET", "/books"),
				new MockHttpServletResponse(), (request, response) -> {
					throw new IOException("client went away");
				}));

		assertThat(bulkhead.getMetrics().getAvailableConcurrentCalls()).isEqualTo(1);
	}

	private FilterChain passOn() {
		return (request, response) -> passedOn++;
	}

}
