package com.example.booksvc.catalog;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.example.booksvc.storagesvc.Book;

import org.springframework.stereotype.Component;

/**
 * The ids of the books this booksvc has seen storagesvc answer or the cache hold: what its cache may
 * have. A flood of unknown ids then costs the cache nothing. Past booksvc's door such a lookup is
 * answered 503 at once, without a command, a thread hop and a wait for Redis on a booksvc already
 * saturated; and storagesvc's 404 for it is not checked against the cache (a read of the book's
 * entry and the list). What the checks cost in a flood of 404s, measured: docs/cache.md.
 * <p>
 * What it cannot see: a book another replica cached, added since this one last fetched the list
 * (its warm-up asks for it, and it sees every list it answers). Past the door such a book is a 503,
 * and its 404 writes no "gone" over the other replica's entry; an outage before any replica answers
 * the list again (newer, without the book) may then serve it from the cache, marked as such.
 * <p>
 * Bounded: past {@value #LIMIT} ids no new one is added; a book not among them is answered 503 past
 * the door, and every 404 is checked against the cache, as before.
 */
@Component
class SeenBooks {

	static final int LIMIT = 10_000;

	private final Set<Long> ids = ConcurrentHashMap.newKeySet();

	void saw(Book book) {
		if (book != null && ids.size() < LIMIT) {
			ids.add(book.id());
		}
	}

	void saw(Collection<Book> books) {
		books.forEach(this::saw);
	}

	/**
	 * storagesvc has no such book (any more): forgotten here, and whether the cache may still hold
	 * it (seen, or past the limit, where nothing can be told).
	 */
	boolean gone(long id) {
		return ids.remove(id) || ids.size() >= LIMIT;
	}

	boolean mayBeCached(long id) {
		return ids.contains(id);
	}

}
