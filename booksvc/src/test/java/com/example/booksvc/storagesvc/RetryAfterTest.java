package com.example.booksvc.storagesvc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterTest {

	private final Clock clock = Clock.fixed(Instant.parse("2026-11-22T15:00:00Z"), ZoneOffset.UTC);

	@Test
	void readsDelayInSeconds() {
		assertThat(RetryAfter.parse("120", clock)).contains(Duration.ofSeconds(120));
		assertThat(RetryAfter.parse(" 5 ", clock)).contains(Duration.ofSeconds(5));
	}

	@Test
	void readsLeadingZerosAsTheSecondsTheyPad() {
		assertThat(RetryAfter.parse("000005", clock)).contains(Duration.ofSeconds(5));
		assertThat(RetryAfter.parse("0000000000000000000005", clock)).contains(Duration.ofSeconds(5));
		assertThat(RetryAfter.parse("0000086400", clock)).contains(Duration.ofSeconds(86_400));
		assertThat(RetryAfter.parse("0", clock)).contains(Duration.ZERO);
		assertThat(RetryAfter.parse("0000000000", clock)).contains(Duration.ZERO);
	}

	@Test
	void readsHttpDateAsTimeFromNow() {
		assertThat(RetryAfter.parse("Sun, 22 Nov 2026 15:00:30 GMT", clock)).contains(Duration.ofSeconds(30));
	}

	@Test
	void httpDateInThePastMeansNow() {
		assertThat(RetryAfter.parse("Sun, 22 Nov 2026 14:59:00 GMT", clock)).contains(Duration.ZERO);
	}

	@ParameterizedTest
	@ValueSource(strings = { "99999999999999999999999", "9223372036854775807", "86401", "000000000000000086401",
			"00000099999999999999999", "Fri, 31 Dec 9999 23:59:59 GMT" })
	void readsAnAbsurdWaitAsADayAtMost(String value) {
		assertThat(RetryAfter.parse(value, clock)).contains(RetryAfter.LONGEST);
	}

	@Test
	void readsTheObsoleteDateFormatsRfc9110StillAsksFor() {
		assertThat(RetryAfter.parse("Sunday, 22-Nov-26 15:00:30 GMT", clock)).contains(Duration.ofSeconds(30));
		assertThat(RetryAfter.parse("Sun Nov 22 15:00:30 2026", clock)).contains(Duration.ofSeconds(30));
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { "soon", "-5", "1.5", "22 Nov 2026", "+5", "\u0665", "5 5", "Sun, 31 Feb 2026 15:00:30 GMT",
			"Sun, 22 Nov 2026 25:00:00 GMT", "Sun, 22 Nov -2026 15:00:30 GMT" })
	void ignoresWhatItCannotRead(String value) {
		assertThat(RetryAfter.parse(value, clock)).isEmpty();
	}

}
