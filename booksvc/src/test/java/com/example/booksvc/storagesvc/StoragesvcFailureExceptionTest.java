package com.example.booksvc.storagesvc;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

/** What the policies do with each reason: application.yml names these predicates. */
class StoragesvcFailureExceptionTest {

	private final StoragesvcFailureException.Retryable retryable = new StoragesvcFailureException.Retryable();

	private final StoragesvcFailureException.NotAnOutage notAnOutage = new StoragesvcFailureException.NotAnOutage();

	@Test
	void onlyNoAnswerAndErrorStatusesAreRetried() {
		assertThat(retryable).accepts(StoragesvcFailureException.unreachable(new IOException("reset")),
				StoragesvcFailureException.errorStatus(HttpStatus.SERVICE_UNAVAILABLE, null));
		assertThat(retryable).rejects(StoragesvcFailureException.malformed("not JSON", null),
				StoragesvcFailureException.errorStatus(HttpStatus.SERVICE_UNAVAILABLE, Duration.ofSeconds(5)).beyondBudget(),
				StoragesvcFailureException.poolExhausted(new IOException("pool")),
				StoragesvcFailureException.unexpectedNotFound("/v2/books/5"),
				StoragesvcFailureException.incompleteBook("the book list", List.of(23L)), new IllegalStateException());
	}

	@Test
	void theNaiveClientRetriesEveryFailureOfStoragesvcsButNothingElse() {
		StoragesvcFailureException.AnyFailure any = new StoragesvcFailureException.AnyFailure();

		assertThat(any).accepts(StoragesvcFailureException.unreachable(new IOException("reset")),
				StoragesvcFailureException.errorStatus(HttpStatus.SERVICE_UNAVAILABLE, Duration.ofSeconds(5)).beyondBudget(),
				StoragesvcFailureException.malformed("not JSON", null), StoragesvcFailureException.poolExhausted(new IOException("pool")));
		assertThat(any).rejects(new LatencyBudgetSpentException(Duration.ofSeconds(2)), new IllegalStateException());
	}

	@Test
	void theBreakerIgnoresOnlyAPoolThatRanDryAnIncompleteBookAndAShedCall() {
		assertThat(notAnOutage).accepts(StoragesvcFailureException.poolExhausted(new IOException("pool")),
				StoragesvcFailureException.incompleteBook("the book list", List.of(23L)),
				StoragesvcFailureException.shed(HttpStatus.SERVICE_UNAVAILABLE, Duration.ofSeconds(1)));
		// what it does not ignore, the breaker records (record-exceptions: StoragesvcFailureException)
		assertThat(notAnOutage).rejects(StoragesvcFailureException.unreachable(new IOException("reset")),
				StoragesvcFailureException.malformed("not JSON", null),
				StoragesvcFailureException.unexpectedNotFound("/v2/books/5"),
				StoragesvcFailureException.errorStatus(HttpStatus.TOO_MANY_REQUESTS, null),
				new StoragesvcNotFoundException("/books/5"));
	}

	@Test
	void anIncompleteAnswerNamesItsBooksUpToTen() {
		assertThat(StoragesvcFailureException.incompleteBook("the book list", List.of(23L, 0L)))
			.hasMessage("storagesvc sent an incomplete book in the book list: id 23, 0");
		assertThat(StoragesvcFailureException.incompleteBook("the book list", LongStream.rangeClosed(1, 12).boxed().toList()))
			.hasMessage("storagesvc sent an incomplete book in the book list: id 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 (12 in all)");
	}

	@Test
	void aRetryAfterBeyondTheBudgetKeepsWhatStoragesvcSaid() {
		StoragesvcFailureException beyond = StoragesvcFailureException
			.errorStatus(HttpStatus.SERVICE_UNAVAILABLE, Duration.ofSeconds(5))
			.beyondBudget();

		assertThat(beyond.reason()).isEqualTo(StoragesvcFailureException.Reason.RETRY_AFTER_BEYOND_BUDGET);
		assertThat(beyond.retryAfter()).contains(Duration.ofSeconds(5));
		assertThat(beyond).hasMessage("storagesvc answered 503 (Retry-After 5 s), longer than the answer's budget has left");
	}

}
