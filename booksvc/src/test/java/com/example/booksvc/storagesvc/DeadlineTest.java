package com.example.booksvc.storagesvc;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DeadlineTest {

	private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();

	@AfterEach
	void stopTimers() {
		timers.shutdownNow();
	}

	@Test
	void anAttemptStillRunningWhenStoragesvcsShareIsSpentFailsWithBudgetSpent() {
		Deadline deadline = new Deadline(Duration.ofMillis(50), Clock.systemUTC(), timers);
		CompletableFuture<String> attempt = new CompletableFuture<>();

		deadline.bind(attempt);

		await().atMost(Duration.ofSeconds(2)).until(attempt::isDone);
		assertThat(attempt).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
			.withCauseInstanceOf(LatencyBudgetSpentException.class);
		assertThat(deadline.isExpired()).isTrue();
		assertThat(deadline.remaining()).isZero();
	}

	@Test
	void aSettledAnswerNeverExpires() {
		Deadline deadline = new Deadline(Duration.ofMillis(50), Clock.systemUTC(), timers);
		CompletableFuture<String> attempt = new CompletableFuture<>();
		deadline.bind(attempt);
		attempt.complete("answer");

		deadline.settled();

		await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> !deadline.isExpired());
	}

	@Test
	void withoutAnAttemptNoTimerRuns() {
		Deadline deadline = new Deadline(Duration.ofMillis(1), Clock.systemUTC(), timers);

		await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(1)).until(() -> !deadline.isExpired());
		assertThat(deadline.remaining()).isZero();
	}

	@Test
	void workDuringADeadlineSeesItAndTheThreadKeepsNoneAfter() {
		Deadline deadline = new Deadline(Duration.ofSeconds(1), Clock.systemUTC(), timers);

		assertThat(deadline.during(Deadline::current)).containsSame(deadline);
		assertThat(Deadline.current()).isEmpty();
	}

	@Test
	void aNestedDeadlineGivesWayToTheOuterOneWhenItsWorkIsDone() {
		Deadline outer = new Deadline(Duration.ofSeconds(1), Clock.systemUTC(), timers);
		Deadline inner = new Deadline(Duration.ofSeconds(1), Clock.systemUTC(), timers);

		Deadline afterInner = outer.during(() -> {
			inner.during(Deadline::current);
			return Deadline.current().orElseThrow();
		});

		assertThat(afterInner).isSameAs(outer);
	}

	@Test
	void whatTheExpiryCompletesRunsUnderTheDeadline() {
		Deadline deadline = new Deadline(Duration.ofMillis(50), Clock.systemUTC(), timers);
		CompletableFuture<String> attempt = new CompletableFuture<>();
		CompletableFuture<Optional<Deadline>> seenOnExpiry = new CompletableFuture<>();
		attempt.whenComplete((value, failure) -> seenOnExpiry.complete(Deadline.current()));

		deadline.bind(attempt);

		assertThat(seenOnExpiry).succeedsWithin(Duration.ofSeconds(2)).isEqualTo(Optional.of(deadline));
	}

}
