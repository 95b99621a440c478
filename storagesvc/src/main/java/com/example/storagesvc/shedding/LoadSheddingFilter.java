package com.example.storagesvc.shedding;

import java.io.IOException;
import java.time.Duration;

import io.github.resilience4j.bulkhead.Bulkhead;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Lets a request through only with one of the bulkhead's permits, held until its answer is
 * written; without one it is answered 503 at once, before Spring MVC, JPA or JDBC see it.
 */
class LoadSheddingFilter extends OncePerRequestFilter {

	private final Bulkhead bulkhead;

	private final Duration retryAfter;

	private final HandlerExceptionResolver problems;

	/** {@code problems}: Spring MVC's resolvers, so that the 503 is rendered like every other problem. */
	LoadSheddingFilter(Bulkhead bulkhead, Duration retryAfter, HandlerExceptionResolver problems) {
		this.bulkhead = bulkhead;
		this.retryAfter = retryAfter;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!bulkhead.tryAcquirePermission()) {
			problems.resolveException(request, response, null, new TooManyRequestsInFlight(retryAfter));
			return;
		}
		try {
			chain.doFilter(request, response);
		}
		finally {
			bulkhead.onComplete();
		}
	}

}
