package com.example.benchmark;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The books storagesvc holds, each answered live through booksvc once, so that booksvc's cache has it. */
final class CachedBooks {

	private static final Duration LIVE_LIMIT = Duration.ofSeconds(30);

	private final Stack stack;

	private final List<Long> ids = new ArrayList<>();

	CachedBooks(Stack stack) {
		this.stack = stack;
	}

	/** Every known book looked up through booksvc until it is answered live (and so cached). */
	void warm() {
		if (ids.isEmpty()) {
			read();
		}
		for (long id : ids) {
			Stack.await(LIVE_LIMIT, () -> live(stack.booksvc + "/books/" + id));
		}
	}

	/** The n-th request's id: the known ones in turn. */
	long id(int n) {
		if (ids.isEmpty()) {
			read();
		}
		return ids.get(n % ids.size());
	}

	private void read() {
		try {
			for (JsonNode book : new ObjectMapper().readTree(stack.body(stack.storagesvc + "/books"))) {
				ids.add(book.get("id").asLong());
			}
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("storagesvc's GET /books is not a list of books", ex);
		}
		if (ids.isEmpty()) {
			throw new IllegalStateException("storagesvc holds no books: the shedding fault would look up nothing");
		}
	}

	private boolean live(String url) {
		try {
			Stack.Answer answer = stack.get(url);
			return answer.status() == 200 && answer.source().equals("storagesvc");
		}
		catch (UncheckedIOException ex) {
			return false;
		}
	}

}
