package com.example.booksvc.edge;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import com.example.booksvc.catalog.Answer;
import com.example.booksvc.catalog.Catalog;
import com.example.booksvc.catalog.LastGoodAnswers;
import com.example.booksvc.catalog.StoragesvcUnavailableException;
import com.example.booksvc.resilience.StoragesvcBreaker;
import com.example.booksvc.storagesvc.Book;
import com.example.booksvc.storagesvc.StoragesvcNotFoundException;
import com.example.booksvc.storagesvc.StoragesvcRejectedException;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
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
 * <li>storagesvc's 404 for a book is served again for {@code booksvc.not-found-reuse} (1 s).
 * </ul>
 * Freshness stays honest: every answer's {@code fetchedAt} says when storagesvc produced it. A
 * cached answer is never reused while the breaker is closed (the next query tries storagesvc), nor
 * a live one while it is not.
 * <p>
 * Two maps rather than a cache library: whether a kept answer may be served depends on the
 * breaker's state when it is asked for, and only a closed breaker joins calls in flight, while a
 * cache (Caffeine's {@code AsyncCache}, say) decides by key and age alone and always joins. What
 * such a library would take over is the bound on size, 20 lines here ({@link #keep}).
 */
@Service
@EnableConfigurationProperties(AnswerSharingProperties.class)
public class BookQueries {

	private static final int PRUNE_ABOVE = 10_000;

	private final Catalog catalog;

	private final LastGoodAnswers lastGood;

	private final LatencyBudget budget;

	private final LookupDoor door;

	private final StoragesvcBreaker breaker;

	private final Duration reuse;

	private final Duration notFoundReuse;

	private final Clock clock;

	private final Map<Answer.Source, Counter> served = new EnumMap<>(Answer.Source.class);

	private final Counter unavailable;

	private final ConcurrentMap<String, CompletableFuture<?>> inFlight = new ConcurrentHashMap<>();

	private final ConcurrentMap<String, Reusable> recent = new ConcurrentHashMap<>();

	/**
	 * What identical queries may be given again until {@code until}: an answer; storagesvc's 404;
	 * or, while the breaker is not closed, the 503 for "nothing cached" (with Redis gone too, that
	 * is every answer). A failure kept here is never given to a caller itself, only its copies
	 * ({@link #forEachCaller}).
	 */
	private record Reusable(Answer<?> answer, RuntimeException failure, Instant until) {

		boolean servesAt(Instant now, boolean breakerClosed) {
			if (!now.isBefore(until)) {
				return false;
			}
			if (answer != null) {
				return answer.source() == (breakerClosed ? Answer.Source.STORAGESVC : Answer.Source.CACHE);
			}
			return failure instanceof StoragesvcNotFoundException || !breakerClosed;
		}

		@SuppressWarnings("unchecked")
		<T> CompletableFuture<Answer<T>> outcome() {
			return (answer != null) ? CompletableFuture.completedFuture((Answer<T>) answer)
					: CompletableFuture.failedFuture(forEachCaller(failure));
		}

	}

	BookQueries(Catalog catalog, LastGoodAnswers lastGood, LatencyBudget budget, LookupDoor door,
			StoragesvcBreaker breaker, AnswerSharingProperties sharing, Clock clock, MeterRegistry meters) {
		this.catalog = catalog;
		this.lastGood = lastGood;
		this.budget = budget;
		this.door = door;
		this.breaker = breaker;
		this.reuse = sharing.answerReuse();
		this.notFoundReuse = sharing.notFoundReuse();
		this.clock = clock;
		for (Answer.Source source : Answer.Source.values()) {
			served.put(source, answersCounter(meters, source.headerValue()));
		}
		this.unavailable = answersCounter(meters, "unavailable");
	}

	public CompletableFuture<Answer<List<Book>>> books() {
		return counted(shared("books", () -> budget.answer(catalog::books, lastGood::books)));
	}

	public CompletableFuture<Answer<Book>> book(long id) {
		return counted(shared("book:" + id,
				() -> door.admit(id, () -> budget.answer(() -> catalog.book(id), spent -> lastGood.book(id, spent)))));
	}

	private <T> CompletableFuture<Answer<T>> counted(CompletableFuture<Answer<T>> answer) {
		return answer.whenComplete((value, failure) -> {
			if (value != null) {
				served.get(value.source()).increment();
			}
			else if (unavailable(failure) != null) {
				unavailable.increment();
			}
		});
	}

	private <T> CompletableFuture<Answer<T>> shared(String query, Supplier<CompletableFuture<Answer<T>>> call) {
		boolean breakerClosed = breaker.isClosed();
		Reusable reusable = recent.get(query);
		if (reusable != null && reusable.servesAt(clock.instant(), breakerClosed)) {
			return reusable.outcome();
		}
		return breakerClosed ? joined(query, call) : ownFailure(call.get().whenComplete((value, failure) -> {
			Instant until = clock.instant().plus(reuse);
			if (value != null && value.source() == Answer.Source.CACHE) {
				keep(query, new Reusable(value, null, until));
			}
			else if (unavailable(failure) instanceof StoragesvcUnavailableException unavailable) {
				keep(query, new Reusable(null, unavailable, until));
			}
			keepIfNotFound(query, failure);
		}));
	}

	@SuppressWarnings("unchecked")
	private <T> CompletableFuture<Answer<T>> joined(String query, Supplier<CompletableFuture<Answer<T>>> call) {
		CompletableFuture<Answer<T>> answer = new CompletableFuture<>();
		CompletableFuture<Answer<T>> running = (CompletableFuture<Answer<T>>) inFlight.putIfAbsent(query, answer);
		if (running != null) {
			return ownFailure(running);
		}
		try {
			call.get().whenComplete((value, failure) -> {
				if (value != null && value.source() == Answer.Source.STORAGESVC) {
					keep(query, new Reusable(value, null, value.fetchedAt().plus(reuse)));
				}
				keepIfNotFound(query, failure);
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
		// A stage each: one caller cancelling must not cancel the others.
		return ownFailure(answer);
	}

	/**
	 * A caller's own stage of a shared answer: the same value, or a failure of its own. Spring MVC
	 * writes the caller's path into the problem it renders ({@code instance}), so no two callers
	 * may share one exception: not those joining one call, nor those given a kept answer again
	 * ({@code /} and {@code /books} are one query).
	 */
	private static <T> CompletableFuture<T> ownFailure(CompletableFuture<T> shared) {
		return shared.exceptionallyCompose(failure -> CompletableFuture.failedFuture(forEachCaller(failure)));
	}

	/** The failures booksvc answers with a problem of their own, copied; any other is passed on. */
	private static Throwable forEachCaller(Throwable failure) {
		return switch (unwrapped(failure)) {
			case StoragesvcNotFoundException notFound -> notFound.copy();
			case StoragesvcUnavailableException unavailable -> unavailable.copy();
			case StoragesvcRejectedException rejected -> rejected.copy();
			case LookupDoor.TooManyLookupsInFlight shed -> shed.copy();
			case Throwable other -> other;
		};
	}

	/**
	 * storagesvc's 404 is an answer too, served again for {@code booksvc.not-found-reuse} (1 s): a
	 * flood of one unknown id costs storagesvc one call a second.
	 */
	private void keepIfNotFound(String query, Throwable failure) {
		if (unwrapped(failure) instanceof StoragesvcNotFoundException notFound) {
			keep(query, new Reusable(null, notFound, clock.instant().plus(notFoundReuse)));
		}
	}

	/**
	 * Past {@value #PRUNE_ABOVE} queries, the expired ones are dropped, and if that is not enough,
	 * the new one is not kept: a flood of distinct queries (unknown ids) cannot grow the map without
	 * end.
	 */
	private void keep(String query, Reusable reusable) {
		recent.put(query, reusable);
		if (recent.size() > PRUNE_ABOVE) {
			Instant now = clock.instant();
			recent.values().removeIf(entry -> !now.isBefore(entry.until()));
			if (recent.size() > PRUNE_ABOVE) {
				recent.remove(query, reusable);
			}
		}
	}

	int reusableCount() {
		return recent.size();
	}

	/** The "nothing cached" 503 behind a failure, if that is what it is. */
	private static StoragesvcUnavailableException unavailable(Throwable failure) {
		return (unwrapped(failure) instanceof StoragesvcUnavailableException unavailable) ? unavailable : null;
	}

	/** A future's failure as thrown, without the CompletionException a dependent stage wraps it in. */
	private static Throwable unwrapped(Throwable failure) {
		return (failure instanceof CompletionException) ? failure.getCause() : failure;
	}

	/** {@code booksvc.answers} for one source; the lookup door counts its shed answers in it too. */
	static Counter answersCounter(MeterRegistry meters, String source) {
		return Counter.builder("booksvc.answers")
			.description("Answers booksvc gave, by where they came from")
			.tag("source", source)
			.register(meters);
	}

}
