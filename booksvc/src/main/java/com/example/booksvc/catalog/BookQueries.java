package com.example.booksvc.catalog;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

import org.springframework.stereotype.Service;

/**
 * What the HTTP API asks of the catalog. While the breaker is closed, identical queries in flight at
 * the same moment share one answer (single-flight): the first starts a call through the policies,
 * the others join it. So storagesvc sees one request however many users ask at once, and the breaker
 * and retry count real calls. Freshness: a joined answer is at most one storagesvc round trip older
 * than the request. Not shared otherwise: a half-open breaker's probe to a sick storagesvc must not
 * hold everyone else, who are answered from the cache at once.
 */
@Service
public class BookQueries {

	private final Catalog catalog;

	private final LatencyBudget budget;

	private final CircuitBreakerTransitions breakers;

	private final ConcurrentMap<String, CompletableFuture<?>> inFlight = new ConcurrentHashMap<>();

	BookQueries(Catalog catalog, LatencyBudget budget, CircuitBreakerTransitions breakers) {
		this.catalog = catalog;
		this.budget = budget;
		this.breakers = breakers;
	}

	public CompletableFuture<Answer<List<Book>>> books() {
		return shared("books", () -> catalog.books(budget.start()));
	}

	public CompletableFuture<Answer<Book>> book(long id) {
		return shared("book:" + id, () -> catalog.book(id, budget.start()));
	}

	@SuppressWarnings("unchecked")
	private <T> CompletableFuture<T> shared(String query, Supplier<CompletableFuture<T>> call) {
		if (!breakers.isClosed(Catalog.STORAGESVC)) {
			return call.get();
		}
		CompletableFuture<T> answer = new CompletableFuture<>();
		CompletableFuture<T> running = (CompletableFuture<T>) inFlight.putIfAbsent(query, answer);
		if (running != null) {
			return running.copy();
		}
		try {
			call.get().whenComplete((value, failure) -> {
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
		// A copy each: one caller cancelling (an async request timing out) must not cancel the others.
		return answer.copy();
	}

}
