package com.example.booksvc.edge;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import com.example.booksvc.catalog.Answer;
import com.example.booksvc.catalog.LastGoodAnswers;
import com.example.booksvc.storagesvc.Book;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

/** The door's permits, and what a lookup that finds none is answered with. */
class LookupDoorTest {

	private static final Book BOOK = new Book(7, "Emma", "Jane Austen", "9780141439587", 1815, null);

	private final BulkheadRegistry bulkheads = BulkheadRegistry
		.of(BulkheadConfig.custom().maxConcurrentCalls(1).maxWaitDuration(Duration.ZERO).build());

	private final Bulkhead permits = bulkheads.bulkhead(LookupDoor.LOOKUPS);

	private final LastGoodAnswers lastGood = mock(LastGoodAnswers.class);

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final LookupDoor door = new LookupDoor(bulkheads, lastGood, new LookupSheddingProperties(Duration.ofSeconds(1), 1),
			meters, Clock.systemUTC());

	@Test
	void aLookupHoldsItsPermitUntilItsAnswerIsThere() {
		CompletableFuture<Answer<Book>> live = new CompletableFuture<>();
		CompletableFuture<Answer<Book>> answer = door.admit(7, () -> live);
		assertThat(permits.getMetrics().getAvailableConcurrentCalls()).isZero();

		live.complete(Answer.live(BOOK, Instant.now()));
		assertThat(answer).isCompleted();
		assertThat(permits.getMetrics().getAvailableConcurrentCalls()).isEqualTo(1);
		verifyNoInteractions(lastGood);
	}

	@Test
	void aLookupThatFailsToStartGivesItsPermitBack() {
		assertThatThrownBy(() -> door.admit(7, () -> {
			throw new IllegalStateException("no deadline");
		})).isInstanceOf(IllegalStateException.class);
		assertThat(permits.getMetrics().getAvailableConcurrentCalls()).isEqualTo(1);
	}

	@Test
	void pastTheDoorACachedBookIsTheCachesAnswerAndNothingIsShed() {
		permits.acquirePermission();
		Answer<Book> cached = Answer.cached(BOOK, Instant.now());
		given(lastGood.cachedBook(7)).willReturn(CompletableFuture.completedFuture(Optional.of(cached)));

		assertThat(door.admit(7, () -> {
			throw new AssertionError("no lookup past the door");
		}).join()).isSameAs(cached);
		assertThat(meters.counter("booksvc.answers", "source", "shed").count()).isZero();
	}

	@Test
	void pastTheDoorWithEveryCacheReadTakenIsA503AtOnce() {
		permits.acquirePermission();
		CompletableFuture<Optional<Answer<Book>>> slowRead = new CompletableFuture<>();
		given(lastGood.cachedBook(7)).willReturn(slowRead);
		CompletableFuture<Answer<Book>> reading = door.admit(7, () -> {
			throw new AssertionError("no lookup past the door");
		});

		// the one read allowed here is taken: the next lookup past the door is not read at all
		assertThat(door.admit(8, () -> {
			throw new AssertionError("no lookup past the door");
		})).isCompletedExceptionally();
		assertThat(meters.counter("booksvc.answers", "source", "shed").count()).isEqualTo(1);

		// and once the read is done, it is free again
		Answer<Book> cached = Answer.cached(BOOK, Instant.now());
		slowRead.complete(Optional.of(cached));
		assertThat(reading.join()).isSameAs(cached);
		given(lastGood.cachedBook(8)).willReturn(CompletableFuture.completedFuture(Optional.of(cached)));
		assertThat(door.admit(8, () -> {
			throw new AssertionError("no lookup past the door");
		}).join()).isSameAs(cached);
	}

	@Test
	void pastTheDoorNothingCachedIsA503AndCounted() {
		permits.acquirePermission();
		given(lastGood.cachedBook(7)).willReturn(CompletableFuture.completedFuture(Optional.empty()));

		assertThat(door.admit(7, () -> {
			throw new AssertionError("no lookup past the door");
		})).failsWithin(Duration.ofSeconds(1))
			.withThrowableOfType(ExecutionException.class)
			.withCauseInstanceOf(LookupDoor.TooManyLookupsInFlight.class);
		assertThat(meters.counter("booksvc.answers", "source", "shed").count()).isEqualTo(1);
	}

}
