package com.example.booksvc.cache;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The last-good cache in Redis.
 *
 * @param maxStaleness how old an answer may be and still be served; entries expire after it
 * @param keyPrefix prefix of every key; carries the schema version, so that a booksvc with a new
 * entry format never reads entries an older one wrote
 * @param writeQueue how many writes may wait for the one writer; beyond it a write is dropped
 */
@ConfigurationProperties("booksvc.cache")
public record CacheProperties(Duration maxStaleness, String keyPrefix, int writeQueue) {
}
