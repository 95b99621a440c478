package com.example.booksvc.catalog;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * What the HTTP API asks of the catalog, and the count of answers served by source.
 * <p>
 * Identical queries share answers for {@code booksvc.answer-reuse} (100 ms), so that storagesvc,
 * the breaker and the cache see about ten calls a second per query however many users ask:
 * <ul>
 * <li>While the breaker is closed, queries arriving while a call is in flight join it
 * (single-flight), and a live answer is served again until 100 ms after storagesvc produced it.
 * <li>While it is open or half-open, an answer from the cache is served again for 100 ms after it
 * was read. Nothing waits on anything: a half-open breaker's probe to a sick storagesvc must not
 * hold everyone else, who are answered from the cache at once.
 * </ul>
 * Freshness stays honest: every answer's {@code fetchedAt} says when storagesvc produced it. A
 * cached answer is never reused while the breaker is closed (the next query tries storagesvc), nor
 * a live one while it is not.
 */
@Service
public class BookQueries {

	private final Catalog catalog;

	private final LatencyBudget budget;

	private final CircuitBreakerTransitions breakers;

	private final Duration reuse;

	private final Clock clock;

	private final Map<Answer.Source, Counter> served = new EnumMap<>(Answer.Source.class);

	private final Counter unavailable;

	private final ConcurrentMap<String, CompletableFuture<?>> inFlight = new ConcurrentHashMap<>();

	private final ConcurrentMap<String, Reusable> recent = new ConcurrentHashMap<>();

	/** An answer and until when identical queries may be given it again. */
	private record Reusable(Answer<?> answer, Instant until) {

		boolean servesAt(Instant now, boolean breakerClosed) {
			Answer.Source usable = breakerClosed ? Answer.Source.STORAGESVC : Answer.Source.CACHE;
			return answer.source() == usable && now.isBefore(until);
		}

	}

	BookQueries(Catalog catalog, LatencyBudget budget, CircuitBreakerTransitions breakers,
			@Value("${booksvc.answer-reuse:100ms}") Duration reuse, Clock clock, MeterRegistry meters) {
		this.catalog = catalog;
		this.budget = budget;
		this.breakers = breakers;
		this.reuse = reuse;
		this.clock = clock;
		for (Answer.Source source : Answer.Source.values()) {
			served.put(source, answersCounter(meters, source.headerValue()));
		}
		this.unavailable = answersCounter(meters, "unavailable");
	}

	public CompletableFuture<Answer<List<Book>>> books() {
		return counted(shared("books", () -> catalog.books(budget.start())));
	}

	public CompletableFuture<Answer<Book>> book(long id) {
		return counted(shared("book:" + id, () -> catalog.book(id, budget.start())));
	}

	private <T> CompletableFuture<Answer<T>> counted(CompletableFuture<Answer<T>> answer) {
		return answer.whenComplete((value, failure) -> {
			if (value != null) {
				served.get(value.source()).increment();
			}
			else if (failure instanceof StoragesvcUnavailableException
					|| failure.getCause() instanceof StoragesvcUnavailableException) {
				unavailable.increment();
			}
		});
	}

	@SuppressWarnings("unchecked")
	private <T> CompletableFuture<Answer<T>> shared(String query, Supplier<CompletableFuture<Answer<T>>> call) {
		boolean breakerClosed = breakers.isClosed(Catalog.STORAGESVC);
		Reusable reusable = recent.get(query);
		if (reusable != null && reusable.servesAt(clock.instant(), breakerClosed)) {
			return CompletableFuture.completedFuture((Answer<T>) reusable.answer());
		}
		return breakerClosed ? joined(query, call) : call.get().whenComplete((value, failure) -> {
			if (value != null && value.source() == Answer.Source.CACHE) {
				recent.put(query, new Reusable(value, clock.instant().plus(reuse)));
			}
		});
	}

	@SuppressWarnings("unchecked")
	private <T> CompletableFuture<Answer<T>> joined(String query, Supplier<CompletableFuture<Answer<T>>> call) {
		CompletableFuture<Answer<T>> answer = new CompletableFuture<>();
		CompletableFuture<Answer<T>> running = (CompletableFuture<Answer<T>>) inFlight.putIfAbsent(query, answer);
		if (running != null) {
			return running.copy();
		}
		try {
			call.get().whenComplete((value, failure) -> {
				if (value != null && value.source() == Answer.Source.STORAGESVC) {
					recent.put(query, new Reusable(value, value.fetchedAt().plus(reuse)));
				}
				inFlight.remove(query, answer);
				if (failure != null) {
					answer.completeExceptionally(failure);
				}
				else {
					answer.complete(value);
				}
			});
		}
		catch (RuntimeException ex) {
			inFlight.remove(query, answer);
			answer.completeExceptionally(ex);
		}
		// A copy each: one caller cancelling must not cancel the others.
		return answer.copy();
	}

	private static Counter answersCounter(MeterRegistry meters, String source) {
		return Counter.builder("booksvc.answers")
			.description("Answers booksvc gave, by where they came from")
			.tag("source", source)
			.register(meters);
	}

}
