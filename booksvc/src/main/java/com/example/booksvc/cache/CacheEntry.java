package com.example.booksvc.cache;

import java.time.Instant;

/**
 * A good answer as stored, with the time storagesvc produced it. A {@code null} value records that
 * storagesvc had nothing under the key at that time (a book it answered 404 for).
 */
public record CacheEntry<T>(T value, Instant fetchedAt) {
}
