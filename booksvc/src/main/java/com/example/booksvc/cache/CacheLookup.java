package com.example.booksvc.cache;

import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JavaType;

/**
 * A key to read and what a valid entry under it holds: the value's type, and the rule a value
 * must pass (as a live answer must) to be served. A {@code null} value, storagesvc's "nothing
 * here", reaches the rule too.
 */
public record CacheLookup<T>(String key, JavaType valueType, Predicate<T> valid) {

	/** An entry {@link LastGoodCache#recallAll} found for this lookup, as what it is. */
	@SuppressWarnings("unchecked")
	public CacheEntry<T> cast(CacheEntry<?> entry) {
		return (CacheEntry<T>) entry;
	}

}
