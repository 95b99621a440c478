package com.example.booksvc.edge;

import java.io.IOException;
import java.time.Duration;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.micrometer.core.instrument.Counter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.example.booksvc.config.ServiceUnavailableException;

import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Lets a single-book lookup ({@code GET /books/{id}}) in only with one of the {@code lookups}
 * bulkhead's permits, held until its answer is written; without one it is answered 503 with
 * {@code Retry-After} at once, before any policy, Redis read or call runs. The book list is never
 * shed: however many ask for it, answer reuse makes it one call per 100 ms.
 */
class LookupShedding extends OncePerRequestFilter {

	private final Bulkhead lookups;

	private final Duration retryAfter;

	private final HandlerExceptionResolver problems;

	private final Counter shed;

	/** {@code problems}: Spring MVC's resolvers, so that the 503 is rendered like every other problem. */
	LookupShedding(Bulkhead lookups, Duration retryAfter, HandlerExceptionResolver problems, Counter shed) {
		this.lookups = lookups;
		this.retryAfter = retryAfter;
		this.problems = problems;
		this.shed = shed;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !request.getRequestURI().startsWith("/books/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!lookups.tryAcquirePermission()) {
			shed.increment();
			problems.resolveException(request, response, null, new TooManyLookupsInFlight(retryAfter));
			return;
		}
		try {
			chain.doFilter(request, response);
		}
		finally {
			lookups.onComplete();
		}
	}

	/** The 503 for a lookup that found every permit taken. */
	static class TooManyLookupsInFlight extends ServiceUnavailableException {

		TooManyLookupsInFlight(Duration retryAfter) {
			super("Too many lookups in flight", "booksvc is answering as many book lookups as it can; try again shortly",
					retryAfter, null);
		}

	}

}
