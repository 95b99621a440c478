package com.example.booksvc.catalog;

import java.time.Clock;
import java.time.Duration;
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
 * While the breaker is closed, identical queries share storagesvc's answers: those arriving while a
 * call is in flight join it (single-flight), and a live answer is reused for
 * {@code booksvc.live-answer-reuse} (100 ms) after storagesvc produced it. So storagesvc sees at
 * most about ten calls a second per query however many users ask, and the breaker and retry count
 * real calls. Freshness stays honest: a reused answer is at most that much older than the request,
 * and its {@code fetchedAt} says exactly when storagesvc produced it. Nothing is shared unless the
 * breaker is closed: a half-open breaker's probe to a sick storagesvc must not hold everyone else,
 * who are answered from the cache at once.
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

	private final ConcurrentMap<String, Answer<?>> recent = new ConcurrentHashMap<>();

	BookQueries(Catalog catalog, LatencyBudget budget, CircuitBreakerTransitions breakers,
			@Value("${booksvc.live-answer-reuse:100ms}") Duration reuse, Clock clock, MeterRegistry meters) {
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
		if (!breakers.isClosed(Catalog.STORAGESVC)) {
			return call.get();
		}
		Answer<T> reusable = (Answer<T>) recent.get(query);
		if (reusable != null && clock.instant().isBefore(reusable.fetchedAt().plus(reuse))) {
			return CompletableFuture.completedFuture(reusable);
		}
		CompletableFuture<Answer<T>> answer = new CompletableFuture<>();
		CompletableFuture<Answer<T>> running = (CompletableFuture<Answer<T>>) inFlight.putIfAbsent(query, answer);
		if (running != null) {
			return running.copy();
		}
		try {
			call.get().whenComplete((value, failure) -> {
				if (value != null && value.source() == Answer.Source.STORAGESVC) {
					recent.put(query, value);
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
