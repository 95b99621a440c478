package com.example.booksvc.book;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * booksvc's warm-up at start ({@link WarmUp}). The values are in application.yml.
 *
 * @param enabled whether booksvc warms up before it reports ready
 * @param storagesvcWait how long it waits for storagesvc to answer at all before warming up anyway
 */
@ConfigurationProperties("booksvc.warm-up")
record WarmUpProperties(boolean enabled, Duration storagesvcWait) {
}
