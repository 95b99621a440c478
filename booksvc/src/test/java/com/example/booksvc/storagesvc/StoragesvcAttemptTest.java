package com.example.booksvc.storagesvc;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.mockito.Mockito.mock;

/** An attempt runs within its answer's deadline, which the annotated methods never see. */
class StoragesvcAttemptTest {

	private final ExecutorService calls = Executors.newSingleThreadExecutor();

	private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();

	private final Storagesvc storagesvc = new Storagesvc(mock(StoragesvcClient.class), calls);

	@AfterEach
	void stopThreads() {
		calls.shutdownNow();
		timers.shutdownNow();
	}

	@Test
	void anAttemptOutsideAnyAnswersBudgetIsRefused() {
		assertThatIllegalStateException().isThrownBy(() -> storagesvc.attempt(List::of))
			.withMessageContaining("latency budget");
	}

	@Test
	void theAttemptRunsAndCompletesUnderItsAnswersDeadline() {
		Deadline deadline = new Deadline(Duration.ofSeconds(1), Clock.systemUTC(), timers);
		CompletableFuture<Optional<Deadline>> seenByTheRequest = new CompletableFuture<>();
		CompletableFuture<Optional<Deadline>> seenOnCompletion = new CompletableFuture<>();
		CompletableFuture<String> blocked = new CompletableFuture<>();

		CompletableFuture<String> attempt = deadline.during(() -> storagesvc.attempt(() -> {
			seenByTheRequest.complete(Deadline.current());
			return blocked.join();
		}));
		// attached before it completes, so this runs on the thread that completes it: a retry
		// scheduled from there is scheduled under the deadline
		attempt.whenComplete((value, failure) -> seenOnCompletion.complete(Deadline.current()));
		blocked.complete("answer");

		// Before waiting on the attempt: a thread that waits on a future may run its callbacks itself.
		assertThat(seenOnCompletion).succeedsWithin(Duration.ofSeconds(2)).isEqualTo(Optional.of(deadline));
		assertThat(seenByTheRequest).succeedsWithin(Duration.ZERO).isEqualTo(Optional.of(deadline));
		assertThat(attempt).succeedsWithin(Duration.ZERO).isEqualTo("answer");
	}

	@Test
	void noAttemptStartsOnceTheDeadlineHasPassed() {
		Deadline deadline = new Deadline(Duration.ofSeconds(1), Clock.systemUTC(), timers);
		deadline.expiry().complete(new LatencyBudgetSpentException(Duration.ofSeconds(1)));

		CompletableFuture<List<Book>> attempt = deadline.during(() -> storagesvc.attempt(List::of));

		assertThat(attempt).isCompletedExceptionally();
		assertThat(attempt.exceptionNow()).isInstanceOf(LatencyBudgetSpentException.class);
	}

}
