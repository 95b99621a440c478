package com.example.booksvc.cache;

import java.time.Instant;

/** A good answer as stored, with the time storagesvc produced it. */
public record CacheEntry<T>(T value, Instant fetchedAt) {
}
