package com.example.booksvc.catalog;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.example.booksvc.storagesvc.Book;

/**
 * The ids of the books this booksvc has seen storagesvc answer or the cache hold, so that a lookup
 * booksvc's door turned away reads Redis only for a book the cache may have: an unknown id, the
 * whole of a flood, is answered 503 at once, without a command, a thread hop and a wait for Redis
 * on a booksvc that is already saturated. Bounded: past {@value #LIMIT} ids no new one is added,
 * and a book not among them is answered 503 past the door, as every book was before the door read
 * the cache. A book another replica cached and this one never saw is one such; this booksvc sees
 * every book of the list at its warm-up, which asks for it.
 */
final class SeenBooks {

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

	/** storagesvc has no such book (any more). */
	void gone(long id) {
		ids.remove(id);
	}

	boolean mayBeCached(long id) {
		return ids.contains(id);
	}

}
