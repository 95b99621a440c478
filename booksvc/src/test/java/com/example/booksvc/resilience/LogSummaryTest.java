package com.example.booksvc.resilience;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogSummaryTest {

	private Instant now = Instant.EPOCH;

	private final LogSummary summary = new LogSummary(Duration.ofSeconds(1), new Clock() {

		@Override
		public Instant instant() {
			return now;
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

	});

	@Test
	void theFirstOccurrenceIsALineTheRestOfTheSecondIsCountedIntoTheNext() {
		assertThat(summary.occurrence("a")).isEqualTo(1);
		for (int i = 0; i < 999; i++) {
			assertThat(summary.occurrence("a")).isZero();
		}
		now = now.plusMillis(999);
		assertThat(summary.occurrence("a")).isZero();

		now = now.plusMillis(1);
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
		now = now.plusSeconds(60);

		assertThat(summary.occurrence("a")).isEqualTo(1);
	}

}
