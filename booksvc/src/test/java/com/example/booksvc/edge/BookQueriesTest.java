package com.example.booksvc.edge;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.example.booksvc.SettableClock;
import com.example.booksvc.catalog.Answer;
import com.example.booksvc.catalog.Catalog;
import com.example.booksvc.catalog.LastGoodAnswers;
import com.example.booksvc.catalog.StoragesvcUnavailableException;
import com.example.booksvc.resilience.StoragesvcBreaker;
import com.example.booksvc.storagesvc.Book;
import com.example.booksvc.storagesvc.Deadline;
import com.example.booksvc.storagesvc.LatencyBudgetSpentException;
import com.example.booksvc.storagesvc.StoragesvcNotFoundException;
import com.example.booksvc.storagesvc.StoragesvcProperties;

import org.springframework.boot.autoconfigure.data.redis.RedisProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.web.ErrorResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

class BookQueriesTest {

	private static final Answer<List<Book>> BOOKS = Answer.live(List.of(), Instant.EPOCH);

	private static final Answer<List<Book>> CACHED = Answer.cached(List.of(), Instant.EPOCH);

	private final Catalog catalog = mock(Catalog.class);

	private final StoragesvcBreaker breaker = mock(StoragesvcBreaker.class);

	private final SettableClock clock = new SettableClock();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final LastGoodAnswers lastGood = mock(LastGoodAnswers.class);

	private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();

	private BookQueries queries = queriesWithBudget(Duration.ofMinutes(1));

	/** The deadline of the last call to the catalog; the tests expire it by hand. */
	private Deadline deadline;

	@BeforeEach
	void breakerClosed() {
		given(breaker.isClosed()).willReturn(true);
	}

	@AfterEach
	void stopTimers() {
		timers.shutdownNow();
	}

	@Test
	void identicalQueriesInFlightShareOneCall() {
		CompletableFuture<Answer<List<Book>>> call = new CompletableFuture<>();
		given(catalog.books()).willReturn(call);

		CompletableFuture<Answer<List<Book>>> first = queries.books();
		CompletableFuture<Answer<List<Book>>> second = queries.books();
		call.complete(BOOKS);

		assertThat(first).isCompletedWithValue(BOOKS);
		assertThat(second).isCompletedWithValue(BOOKS);
		verify(catalog, times(1)).books();
	}

	@Test
	void aLiveAnswerIsReusedForAShortWhileAndCountedForEachCaller() {
		given(catalog.books()).willReturn(CompletableFuture.completedFuture(BOOKS));

		queries.books().join();
		clock.advance(Duration.ofMillis(99));
		assertThat(queries.books()).isCompletedWithValue(BOOKS);

		verify(catalog, times(1)).books();
		assertThat(meters.get("booksvc.answers").tag("source", "storagesvc").counter().count()).isEqualTo(2);
	}

	@Test
	void aQueryAfterTheReuseWindowStartsANewCall() {
		given(catalog.books()).willReturn(CompletableFuture.completedFuture(BOOKS));

		queries.books().join();
		clock.advance(Duration.ofMillis(100));
		queries.books().join();

		verify(catalog, times(2)).books();
	}

	@Test
	void cachedAnswersAreNotReusedWhileTheBreakerIsClosed() {
		given(catalog.books()).willReturn(CompletableFuture.completedFuture(CACHED));

		queries.books().join();
		queries.books().join();

		verify(catalog, times(2)).books();
		assertThat(meters.get("booksvc.answers").tag("source", "cache").counter().count()).isEqualTo(2);
	}

	/** Only a lookup with work to do takes the door's permit: one joining a call, or reusing an answer, does not. */
	@Test
	void lookupsJoiningOrReusingTakeNoPermitOfTheDoor() {
		queries = queries(Duration.ofMinutes(1), 1);
		Answer<Book> live = Answer.live(new Book(1, "Emma", "Jane Austen", "9780141439587", 1815, null), Instant.EPOCH);
		CompletableFuture<Answer<Book>> call = new CompletableFuture<>();
		given(catalog.book(1)).willReturn(call);
		given(catalog.book(2)).willReturn(new CompletableFuture<>());

		CompletableFuture<Answer<Book>> first = queries.book(1);
		CompletableFuture<Answer<Book>> joined = queries.book(1);
		call.complete(live);
		// the one permit held by a lookup of another book, in flight
		queries.book(2);
		CompletableFuture<Answer<Book>> reused = queries.book(1);

		assertThat(first).isCompletedWithValue(live);
		assertThat(joined).isCompletedWithValue(live);
		assertThat(reused).isCompletedWithValue(live);
		verify(catalog, times(1)).book(1);
		verify(lastGood, never()).cachedBook(anyLong());
	}

	@Test
	void differentQueriesDoNotShare() {
		given(catalog.book(anyLong())).willReturn(new CompletableFuture<>());

		queries.book(1);
		queries.book(2);

		verify(catalog, times(2)).book(anyLong());
	}

	@Test
	void aFailureReachesEveryoneAndIsNotKept() {
		CompletableFuture<Answer<List<Book>>> call = new CompletableFuture<>();
		given(catalog.books()).willReturn(call, CompletableFuture.completedFuture(BOOKS));

		CompletableFuture<Answer<List<Book>>> first = queries.books();
		CompletableFuture<Answer<List<Book>>> second = queries.books();
		call.completeExceptionally(new IllegalStateException("unavailable"));

		assertThat(first).isCompletedExceptionally();
		assertThat(second).isCompletedExceptionally();
		assertThat(queries.books()).isCompletedWithValue(BOOKS);
	}

	@Test
	void nothingIsSharedAndNoLiveAnswerReusedUnlessTheBreakerIsClosed() {
		given(breaker.isClosed()).willReturn(false);
		given(catalog.books()).willReturn(new CompletableFuture<>(), CompletableFuture.completedFuture(BOOKS),
				CompletableFuture.completedFuture(BOOKS));

		queries.books();
		queries.books();
		queries.books().join();

		verify(catalog, times(3)).books();
	}

	@Test
	void aCachedAnswerIsReusedForAShortWhileWhileTheBreakerIsNotClosed() {
		given(breaker.isClosed()).willReturn(false);
		given(catalog.books()).willReturn(CompletableFuture.completedFuture(CACHED));

		queries.books().join();
		clock.advance(Duration.ofMillis(99));
		assertThat(queries.books()).isCompletedWithValue(CACHED);
		verify(catalog, times(1)).books();
		assertThat(meters.get("booksvc.answers").tag("source", "cache").counter().count()).isEqualTo(2);

		clock.advance(Duration.ofMillis(1));
		queries.books().join();
		verify(catalog, times(2)).books();
	}

	@Test
	void aCachedAnswerIsNotReusedOnceTheBreakerCloses() {
		given(breaker.isClosed()).willReturn(false, true);
		given(catalog.books()).willReturn(CompletableFuture.completedFuture(CACHED),
				CompletableFuture.completedFuture(BOOKS));

		queries.books().join();

		assertThat(queries.books()).isCompletedWithValue(BOOKS);
		verify(catalog, times(2)).books();
	}

	@Test
	void anUnavailableAnswerIsCounted() {
		given(catalog.books()).willReturn(CompletableFuture.failedFuture(
				new StoragesvcUnavailableException(Duration.ofSeconds(1), new IllegalStateException())));

		assertThat(queries.books()).isCompletedExceptionally();
		assertThat(meters.get("booksvc.answers").tag("source", "unavailable").counter().count()).isEqualTo(1);
	}

	@Test
	void whenStoragesvcsShareOfTheBudgetIsSpentTheCacheAnswersAndTheAttemptIsGivenUp() {
		CompletableFuture<Answer<List<Book>>> call = new CompletableFuture<>();
		CompletableFuture<Answer<List<Book>>> attempt = new CompletableFuture<>();
		given(catalog.books()).willAnswer(invocation -> {
			deadline = Deadline.current().orElseThrow();
			deadline.bind(attempt);
			return call;
		});
		given(lastGood.books(any(LatencyBudgetSpentException.class))).willReturn(CompletableFuture.completedFuture(CACHED));

		CompletableFuture<Answer<List<Book>>> answer = queries.books();
		assertThat(answer).isNotDone();
		deadline.expiry().complete(new LatencyBudgetSpentException(Duration.ofMillis(1750)));

		assertThat(answer).isCompletedWithValue(CACHED);
		assertThat(attempt).isCompletedExceptionally();
		assertThat(meters.get("booksvc.answers").tag("source", "cache").counter().count()).isEqualTo(1);
	}

	@Test
	void anAnswerBeforeTheDeadlineIsTheAnswerAndTheDeadlineNeverExpires() {
		// storagesvc's share: 200 ms less the Redis timeout (100 ms)
		queries = queriesWithBudget(Duration.ofMillis(200));
		given(catalog.books()).willAnswer(invocation -> {
			deadline = Deadline.current().orElseThrow();
			deadline.bind(new CompletableFuture<>());
			return CompletableFuture.completedFuture(BOOKS);
		});

		assertThat(queries.books()).isCompletedWithValue(BOOKS);

		await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> !deadline.isExpired());
		verify(lastGood, never()).books(any());
	}

	@Test
	void anAttemptCutShortByTheDeadlineIsAnsweredFromTheCache() {
		given(catalog.books()).willAnswer(invocation -> {
			deadline = Deadline.current().orElseThrow();
			return CompletableFuture.failedFuture(new LatencyBudgetSpentException(Duration.ofMillis(1750)));
		});
		given(lastGood.books(any(LatencyBudgetSpentException.class))).willReturn(CompletableFuture.completedFuture(CACHED));

		CompletableFuture<Answer<List<Book>>> answer = queries.books();
		deadline.expiry().complete(new LatencyBudgetSpentException(Duration.ofMillis(1750)));

		assertThat(answer).isCompletedWithValue(CACHED);
		verify(lastGood, times(1)).books(any());
	}

	@Test
	void nothingCachedIsReusedForAShortWhileWhileTheBreakerIsNotClosed() {
		given(breaker.isClosed()).willReturn(false);
		given(catalog.books()).willReturn(CompletableFuture.failedFuture(
				new StoragesvcUnavailableException(Duration.ofSeconds(1), new IllegalStateException())));

		assertThat(queries.books()).isCompletedExceptionally();
		clock.advance(Duration.ofMillis(99));
		assertThat(queries.books()).failsWithin(Duration.ZERO)
			.withThrowableThat()
			.withCauseInstanceOf(StoragesvcUnavailableException.class);
		verify(catalog, times(1)).books();
		assertThat(meters.get("booksvc.answers").tag("source", "unavailable").counter().count()).isEqualTo(2);

		clock.advance(Duration.ofMillis(1));
		queries.books();
		verify(catalog, times(2)).books();
	}

	@Test
	void aFloodOfDistinctQueriesKeepsOnlyWhatMayStillBeReused() {
		given(breaker.isClosed()).willReturn(false);
		given(catalog.book(anyLong())).willReturn(CompletableFuture.failedFuture(
				new StoragesvcUnavailableException(Duration.ofSeconds(1), new IllegalStateException())));

		for (long id = 1; id <= 10_000; id++) {
			queries.book(id);
		}
		clock.advance(Duration.ofMillis(100));
		queries.book(10_001);

		assertThat(queries.reusableCount()).isEqualTo(1);
	}

	@Test
	void aNotFoundIsServedAgainForASecondWhateverTheBreaker() {
		given(catalog.book(anyLong()))
			.willReturn(CompletableFuture.failedFuture(new StoragesvcNotFoundException("/books/404")));

		assertThat(queries.book(404)).isCompletedExceptionally();
		clock.advance(Duration.ofMillis(999));
		assertThat(queries.book(404)).isCompletedExceptionally();
		given(breaker.isClosed()).willReturn(false);
		assertThat(queries.book(404)).isCompletedExceptionally();
		verify(catalog, times(1)).book(anyLong());

		clock.advance(Duration.ofMillis(1));
		queries.book(404);
		verify(catalog, times(2)).book(anyLong());
	}

	@Test
	void identicalMissesInFlightShareOneCall() {
		CompletableFuture<Answer<Book>> call = new CompletableFuture<>();
		given(catalog.book(anyLong())).willReturn(call);

		CompletableFuture<Answer<Book>> first = queries.book(404);
		CompletableFuture<Answer<Book>> second = queries.book(404);
		call.completeExceptionally(new StoragesvcNotFoundException("/books/404"));

		assertThat(first).isCompletedExceptionally();
		assertThat(second).isCompletedExceptionally();
		verify(catalog, times(1)).book(anyLong());
	}

	@Test
	void theReuseMapStaysBoundedEvenWhenEveryEntryIsFresh() {
		given(catalog.book(anyLong()))
			.willAnswer(invocation -> CompletableFuture.failedFuture(new StoragesvcNotFoundException("/books")));

		for (long id = 1; id <= 10_100; id++) {
			queries.book(id);
		}

		assertThat(queries.reusableCount()).isEqualTo(10_000);
	}

	@Test
	void eachCallerOfAReusedNotFoundGetsItsOwnProblem() {
		given(catalog.book(anyLong()))
			.willReturn(CompletableFuture.failedFuture(new StoragesvcNotFoundException("/books/404")));

		ErrorResponseException first = failure(queries.book(404));
		// what Spring MVC does to the problem it renders: the caller's own path
		first.getBody().setInstance(URI.create("/books/404;v=1"));
		ErrorResponseException second = failure(queries.book(404));

		verify(catalog, times(1)).book(anyLong());
		assertThat(second).isInstanceOf(StoragesvcNotFoundException.class).isNotSameAs(first);
		assertThat(second.getBody()).isNotSameAs(first.getBody());
		assertThat(second.getBody().getInstance()).isNull();
		assertThat(second.getBody().getDetail()).isEqualTo(first.getBody().getDetail());
		assertThat(second.getStatusCode()).isEqualTo(first.getStatusCode());
	}

	@Test
	void eachCallerOfAReusedUnavailableGetsItsOwnProblem() {
		given(breaker.isClosed()).willReturn(false);
		given(catalog.books()).willReturn(CompletableFuture.failedFuture(
				new StoragesvcUnavailableException(Duration.ofSeconds(3), new IllegalStateException())));

		ErrorResponseException first = failure(queries.books());
		first.getBody().setInstance(URI.create("/"));
		ErrorResponseException second = failure(queries.books());

		verify(catalog, times(1)).books();
		assertThat(second).isInstanceOf(StoragesvcUnavailableException.class).isNotSameAs(first);
		assertThat(second.getBody().getInstance()).isNull();
		assertThat(second.getHeaders().getFirst("Retry-After")).isEqualTo("3");
		assertThat(meters.get("booksvc.answers").tag("source", "unavailable").counter().count()).isEqualTo(2);
	}

	@Test
	void eachCallerJoiningAFailedCallGetsItsOwnProblem() {
		CompletableFuture<Answer<List<Book>>> call = new CompletableFuture<>();
		given(catalog.books()).willReturn(call);

		CompletableFuture<Answer<List<Book>>> first = queries.books();
		CompletableFuture<Answer<List<Book>>> second = queries.books();
		StoragesvcUnavailableException unavailable = new StoragesvcUnavailableException(Duration.ofSeconds(3),
				new IllegalStateException());
		call.completeExceptionally(unavailable);

		verify(catalog, times(1)).books();
		ErrorResponseException firstFailure = failure(first);
		ErrorResponseException secondFailure = failure(second);
		assertThat(firstFailure).isInstanceOf(StoragesvcUnavailableException.class).isNotSameAs(unavailable);
		assertThat(secondFailure).isInstanceOf(StoragesvcUnavailableException.class).isNotSameAs(unavailable)
			.isNotSameAs(firstFailure);
		assertThat(secondFailure.getBody()).isNotSameAs(firstFailure.getBody()).isNotSameAs(unavailable.getBody());
	}

	@Test
	void oneCallerCancellingDoesNotCancelTheOthers() {
		CompletableFuture<Answer<List<Book>>> call = new CompletableFuture<>();
		given(catalog.books()).willReturn(call);

		queries.books().cancel(true);
		CompletableFuture<Answer<List<Book>>> other = queries.books();
		call.complete(BOOKS);

		assertThat(other).isCompletedWithValue(BOOKS);
	}

	/** The problem a caller's answer failed with, as the controller gets it. */
	private static ErrorResponseException failure(CompletableFuture<?> answer) {
		return (ErrorResponseException) catchThrowable(answer::join).getCause();
	}

	private BookQueries queriesWithBudget(Duration budget) {
		return queries(budget, BulkheadConfig.ofDefaults().getMaxConcurrentCalls());
	}

	private BookQueries queries(Duration budget, int doorPermits) {
		RedisProperties redis = new RedisProperties();
		redis.setTimeout(Duration.ofMillis(100));
		StoragesvcProperties storagesvc = new StoragesvcProperties(URI.create("http://storagesvc"), Duration.ofMillis(250),
				Duration.ofSeconds(1), budget, 50, DataSize.ofMegabytes(1));
		LookupDoor door = new LookupDoor(
				BulkheadRegistry.of(BulkheadConfig.custom().maxConcurrentCalls(doorPermits).maxWaitDuration(Duration.ZERO).build()),
				lastGood,
				new LookupSheddingProperties(Duration.ofSeconds(1), 1), meters, clock);
		return new BookQueries(catalog, lastGood, new LatencyBudget(storagesvc, redis, clock, timers), door, breaker,
				new AnswerSharingProperties(Duration.ofMillis(100), Duration.ofSeconds(1)), clock, meters);
	}

}
