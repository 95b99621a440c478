package com.example.booksvc.resilience;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.example.booksvc.SettableClock;

import static org.assertj.core.api.Assertions.assertThat;

class LogSummaryTest {

	private final SettableClock clock = new SettableClock();

	private final LogSummary summary = new LogSummary(Duration.ofSeconds(1), clock);

	@Test
	void theFirstOccurrenceIsALineTheRestOfTheSecondIsCountedIntoTheNext() {
		assertThat(summary.occurrence("a")).isEqualTo(1);
		for (int i = 0; i < 999; i++) {
			assertThat(summary.occurrence("a")).isZero();
		}
		clock.advance(Duration.ofMillis(999));
		assertThat(summary.occurrence("a")).isZero();

		clock.advance(Duration.ofMillis(1));
		assertThat(summary.occurrence("a")).isEqualTo(1001);
		assertThat(summary.occurrence("a")).isZero();
	}

	@Test
	void reasonsAreCountedApart() {
		assertThat(summary.occurrence("a")).isEqualTo(1);
		assertThat(summary.occurrence("b")).isEqualTo(1);
		assertThat(summary.occurrence("a")).isZero();
	}

	@Test
	void aQuietSpellEndsWithALineAtTheNextOccurrence() {
		summary.occurrence("a");
		clock.advance(Duration.ofSeconds(60));

		assertThat(summary.occurrence("a")).isEqualTo(1);
	}

}
