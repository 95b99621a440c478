package com.example.booksvc.edge;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * booksvc's door for single-book lookups (see {@link LookupDoor}); how many may be in flight is
 * the {@code lookups} bulkhead's setting. The values are in application.yml.
 *
 * @param retryAfter sent with a shed lookup's 503
 * @param cacheReads lookups past the door that may read the cache at once; past that, the 503 at once
 */
@ConfigurationProperties("booksvc.lookup-shedding")
record LookupSheddingProperties(Duration retryAfter, int cacheReads) {
}
