package com.example.booksvc.storagesvc;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.core.ContextAwareScheduledThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * resilience4j's scheduler, as application.yml configures it, starts a retry and gives up on an
 * attempt under the deadline of the answer that scheduled it, and its threads keep none after.
 */
class DeadlinePropagatorTest {

	private final ContextAwareScheduledThreadPoolExecutor scheduler = ContextAwareScheduledThreadPoolExecutor
		.newScheduledThreadPool()
		.corePoolSize(1)
		.contextPropagators(new DeadlinePropagator())
		.build();

	@AfterEach
	void stopScheduler() {
		scheduler.shutdownNow();
	}

	@Test
	void aTaskScheduledDuringAnAnswerRunsUnderItsDeadline() throws Exception {
		Deadline deadline = new Deadline(Duration.ofSeconds(1), Clock.systemUTC(), scheduler);

		ScheduledFuture<Optional<Deadline>> seen = deadline
			.during(() -> scheduler.schedule(Deadline::current, 1, TimeUnit.MILLISECONDS));

		assertThat(seen.get(2, TimeUnit.SECONDS)).containsSame(deadline);
	}

	@Test
	void aTaskScheduledOutsideAnyAnswerRunsWithNoneOnAThreadThatRanOneBefore() throws Exception {
		Deadline deadline = new Deadline(Duration.ofSeconds(1), Clock.systemUTC(), scheduler);
		deadline.during(() -> scheduler.schedule(Deadline::current, 1, TimeUnit.MILLISECONDS)).get(2, TimeUnit.SECONDS);

		// the pool's one thread again
		assertThat(scheduler.schedule(Deadline::current, 1, TimeUnit.MILLISECONDS).get(2, TimeUnit.SECONDS)).isEmpty();
	}

}
