package com.example.booksvc.catalog;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.example.booksvc.storagesvc.Book;

/**
 * The ids of the books this booksvc has seen storagesvc answer or the cache hold, so that a lookup
 * booksvc's door turned away reads Redis only for a book the cache may have: an unknown id, the
 * whole of a flood, is answered 503 at once. Reading Redis for each of them (a command, a thread
 * hop, an exception) cost a 2-core booksvc its flood: 400 unknown ids a second answered within 5 s
 * a minority of the time, where a 503 at once had answered all. Bounded: past {@value #LIMIT} ids no
 * new one is added, and a book not among them is answered 503 past the door, as every book was
 * before the door read the cache. A book another replica cached and this one never saw is one
 * such; it is seen at this booksvc's first list (its warm-up asks for it).
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
