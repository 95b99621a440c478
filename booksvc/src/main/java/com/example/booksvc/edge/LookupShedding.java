package com.example.booksvc.edge;

import java.time.Duration;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.micrometer.core.instrument.Counter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.example.booksvc.config.ServiceUnavailableException;

import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Lets a request mapped to a {@link LookupDoor} handler (the single-book lookup) in only with one
 * of the {@code lookups} bulkhead's permits, held until its answer is written; without one it is
 * answered 503 with {@code Retry-After} at once, before any policy, Redis read or call runs. The
 * book list is never shed: however many ask for it, answer reuse makes it one call per 100 ms.
 * <p>
 * An interceptor, not a filter, because it runs once the dispatcher has chosen the handler: the
 * door and the mapping cannot disagree on a path however it is spelled. The permit goes back in
 * {@code afterCompletion}, which Spring MVC calls once the handler has returned and its answer is
 * written (or has failed). A request that went async would come through here again on its second
 * dispatch and complete only then: the request attribute keeps it to one permit, given back then.
 */
class LookupShedding implements HandlerInterceptor {

	private static final String PERMIT = LookupShedding.class.getName() + ".PERMIT";

	private final Bulkhead lookups;

	private final Duration retryAfter;

	private final Counter shed;

	LookupShedding(Bulkhead lookups, Duration retryAfter, Counter shed) {
		this.lookups = lookups;
		this.retryAfter = retryAfter;
		this.shed = shed;
	}

	/** A shed lookup's 503 is thrown, so that Spring MVC renders it like every other problem. */
	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (!behindTheDoor(handler) || request.getAttribute(PERMIT) != null) {
			return true;
		}
		if (!lookups.tryAcquirePermission()) {
			shed.increment();
			throw new TooManyLookupsInFlight(retryAfter);
		}
		request.setAttribute(PERMIT, Boolean.TRUE);
		return true;
	}

	@Override
	public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
			Exception ex) {
		if (request.getAttribute(PERMIT) != null) {
			request.removeAttribute(PERMIT);
			lookups.onComplete();
		}
	}

	private static boolean behindTheDoor(Object handler) {
		return handler instanceof HandlerMethod method && method.getMethod().isAnnotationPresent(LookupDoor.class);
	}

	/** The 503 for a lookup that found every permit taken. */
	static class TooManyLookupsInFlight extends ServiceUnavailableException {

		TooManyLookupsInFlight(Duration retryAfter) {
			super("Too many lookups in flight", "booksvc is answering as many book lookups as it can; try again shortly",
					retryAfter, null);
		}

	}

}
