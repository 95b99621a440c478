package com.example.booksvc.cache;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The last-good cache in Redis.
 *
 * @param maxStaleness how old an answer may be and still be served; entries expire after it
 * @param keyPrefix prefix of every key; carries the schema version, so that a booksvc with a new
 * entry format never reads entries an older one wrote
 * @param pendingWrites writes waiting for Redis at most; past it the oldest is dropped (a newer
 * answer supersedes it anyway), so a slow or absent Redis never builds an unbounded queue
 */
@ConfigurationProperties("booksvc.cache")
public record CacheProperties(@DefaultValue("1h") Duration maxStaleness, @DefaultValue("booksvc:v1:") String keyPrefix,
		@DefaultValue("16") int pendingWrites) {
}
