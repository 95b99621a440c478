package com.example.booksvc.cache;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The last-good cache in Redis.
 *
 * @param maxStaleness how old an answer may be and still be served; entries expire after it
 * @param keyPrefix prefix of every key; carries the schema version, so that a booksvc with a new
 * entry format never reads entries an older one wrote
 * @param writeDelay how long a good answer waits before it is written; newer answers meanwhile
 * replace it, so a key is written at most once per delay however busy booksvc is
 */
@ConfigurationProperties("booksvc.cache")
public record CacheProperties(Duration maxStaleness, String keyPrefix, Duration writeDelay) {
}
