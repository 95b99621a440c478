package com.example.booksvc.storagesvc;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code Retry-After} header (RFC 9110 §10.2.3): delay in seconds, or an HTTP-date in any of
 * the three formats a recipient must accept. Whatever a peer sends, this never throws: what it
 * cannot read is no hint at all, and a wait longer than {@link #LONGEST} is read as that, so that
 * no arithmetic on it can overflow.
 */
final class RetryAfter {

	/** Far beyond any latency budget: a longer wait means the same to booksvc. */
	static final Duration LONGEST = Duration.ofDays(1);

	private static final int MAX_DIGITS = String.valueOf(LONGEST.toSeconds()).length();

	private static final List<DateTimeFormatter> ZONED_DATES = List.of(DateTimeFormatter.RFC_1123_DATE_TIME,
			strict("EEEE, dd-MMM-uu HH:mm:ss zzz"));

	private static final DateTimeFormatter ASCTIME_DATE = strict("EEE MMM ppd HH:mm:ss uuuu");

	private RetryAfter() {
	}

	static Optional<Duration> parse(String value, Clock clock) {
		if (value == null || value.isBlank()) {
			return Optional.empty();
		}
		String trimmed = value.strip();
		if (trimmed.chars().allMatch(c -> c >= '0' && c <= '9')) {
			return Optional.of(seconds(trimmed));
		}
		return date(trimmed).map(when -> {
			Duration delay = Duration.between(clock.instant(), when);
			return delay.isNegative() ? Duration.ZERO : capped(delay);
		});
	}

	/** Digits only, of any length: leading zeros pad the number (RFC 9110's delay-seconds is 1*DIGIT). */
	private static Duration seconds(String digits) {
		int first = 0;
		while (first < digits.length() - 1 && digits.charAt(first) == '0') {
			first++;
		}
		String significant = digits.substring(first);
		return (significant.length() > MAX_DIGITS) ? LONGEST : capped(Duration.ofSeconds(Long.parseLong(significant)));
	}

	private static Optional<Instant> date(String value) {
		for (DateTimeFormatter format : ZONED_DATES) {
			try {
				return Optional.of(ZonedDateTime.parse(value, format).toInstant());
			}
			catch (DateTimeException ex) {
				// not this format
			}
		}
		try {
			return Optional.of(LocalDateTime.parse(value, ASCTIME_DATE).toInstant(ZoneOffset.UTC));
		}
		catch (DateTimeException ex) {
			return Optional.empty();
		}
	}

	private static Duration capped(Duration delay) {
		return delay.compareTo(LONGEST) > 0 ? LONGEST : delay;
	}

	private static DateTimeFormatter strict(String pattern) {
		return DateTimeFormatter.ofPattern(pattern, Locale.US).withResolverStyle(ResolverStyle.STRICT);
	}

}
