package com.example.booksvc.resilience;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What limits storagesvc's retries beyond resilience4j's own settings; the values are in
 * application.yml.
 *
 * @param longestWait a retry that would wait longer than this (storagesvc's {@code Retry-After}) is
 * not made: the fallback answers at once
 * @param budget how many retries the calls of the last while pay for
 * @param shedWait a call storagesvc shed is sent again after a wait drawn from 0 to this
 */
@ConfigurationProperties("booksvc.retries")
record RetryProperties(Duration longestWait, Budget budget, Duration shedWait) {

	/**
	 * @param ratio retries per call allowed over the window
	 * @param minPerSecond retries allowed per second of the window besides, however few the calls
	 * @param window how far back calls and retries are counted
	 */
	record Budget(double ratio, int minPerSecond, Duration window) {
	}

}
