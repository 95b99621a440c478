package com.example.booksvc.catalog;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

class BookQueriesTest {

	private static final Answer<List<Book>> BOOKS = Answer.live(List.of(), Instant.EPOCH);

	private final Catalog catalog = mock(Catalog.class);

	private final CircuitBreakerTransitions breakers = mock(CircuitBreakerTransitions.class);

	private final BookQueries queries = new BookQueries(catalog, mock(LatencyBudget.class), breakers);

	@BeforeEach
	void breakerClosed() {
		given(breakers.isClosed(Catalog.STORAGESVC)).willReturn(true);
	}

	@Test
	void identicalQueriesInFlightShareOneCall() {
		CompletableFuture<Answer<List<Book>>> call = new CompletableFuture<>();
		given(catalog.books(any())).willReturn(call);

		CompletableFuture<Answer<List<Book>>> first = queries.books();
		CompletableFuture<Answer<List<Book>>> second = queries.books();
		call.complete(BOOKS);

		assertThat(first).isCompletedWithValue(BOOKS);
		assertThat(second).isCompletedWithValue(BOOKS);
		verify(catalog, times(1)).books(any());
	}

	@Test
	void aQueryAfterTheAnswerStartsANewCall() {
		given(catalog.books(any())).willReturn(CompletableFuture.completedFuture(BOOKS));

		queries.books().join();
		queries.books().join();

		verify(catalog, times(2)).books(any());
	}

	@Test
	void differentQueriesDoNotShare() {
		given(catalog.book(anyLong(), any())).willReturn(new CompletableFuture<>());

		queries.book(1);
		queries.book(2);

		verify(catalog, times(2)).book(anyLong(), any());
	}

	@Test
	void aFailureReachesEveryoneAndIsNotKept() {
		CompletableFuture<Answer<List<Book>>> call = new CompletableFuture<>();
		given(catalog.books(any())).willReturn(call, CompletableFuture.completedFuture(BOOKS));

		CompletableFuture<Answer<List<Book>>> first = queries.books();
		CompletableFuture<Answer<List<Book>>> second = queries.books();
		call.completeExceptionally(new IllegalStateException("unavailable"));

		assertThat(first).isCompletedExceptionally();
		assertThat(second).isCompletedExceptionally();
		assertThat(queries.books()).isCompletedWithValue(BOOKS);
	}

	@Test
	void nothingIsSharedUnlessTheBreakerIsClosed() {
		given(breakers.isClosed(Catalog.STORAGESVC)).willReturn(false);
		given(catalog.books(any())).willReturn(new CompletableFuture<>());

		queries.books();
		queries.books();

		verify(catalog, times(2)).books(any());
	}

	@Test
	void oneCallerCancellingDoesNotCancelTheOthers() {
		CompletableFuture<Answer<List<Book>>> call = new CompletableFuture<>();
		given(catalog.books(any())).willReturn(call);

		queries.books().cancel(true);
		CompletableFuture<Answer<List<Book>>> other = queries.books();
		call.complete(BOOKS);

		assertThat(other).isCompletedWithValue(BOOKS);
	}

}
