package com.example.booksvc.book;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import com.example.booksvc.catalog.Answer;
import com.example.booksvc.catalog.BookQueries;
import com.example.booksvc.storagesvc.Book;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
class BookController {

	static final String DATA_SOURCE = "X-Data-Source";

	private final BookQueries books;

	private final Clock clock;

	BookController(BookQueries books, Clock clock) {
		this.books = books;
		this.clock = clock;
	}

	/** The books and where they come from: {@code source} "cache" means storagesvc did not answer. */
	record BooksResponse(List<Book> books, String source, Instant fetchedAt) {
	}

	@GetMapping({ "/", "/books" })
	ResponseEntity<BooksResponse> books() {
		Answer<List<Book>> answer = await(books.books());
		return sourced(answer).body(new BooksResponse(answer.value(), answer.source().headerValue(), answer.fetchedAt()));
	}

	@GetMapping("/books/{id}")
	ResponseEntity<Book> book(@PathVariable long id) {
		Answer<Book> answer = await(books.book(id));
		return sourced(answer).body(answer.value());
	}

	/**
	 * Request threads are virtual: waiting here costs next to nothing, and spares each request the
	 * Servlet async machinery (a second dispatch) that returning the future would take.
	 */
	private static <T> T await(CompletableFuture<T> answer) {
		try {
			return answer.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			throw ex;
		}
	}

	/** Says where the answer comes from and, for a cached one, how old it is (RFC 9111 {@code Age}). */
	private ResponseEntity.BodyBuilder sourced(Answer<?> answer) {
		ResponseEntity.BodyBuilder response = ResponseEntity.ok().header(DATA_SOURCE, answer.source().headerValue());
		if (answer.source() == Answer.Source.CACHE) {
			response.header(HttpHeaders.AGE, String.valueOf(answer.age(clock).toSeconds()));
		}
		return response;
	}

}
