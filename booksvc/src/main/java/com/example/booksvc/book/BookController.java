package com.example.booksvc.book;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.example.booksvc.catalog.Answer;
import com.example.booksvc.catalog.Book;
import com.example.booksvc.catalog.BookQueries;

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
	CompletableFuture<ResponseEntity<BooksResponse>> books() {
		return books.books()
			.thenApply(answer -> sourced(answer)
				.body(new BooksResponse(answer.value(), answer.source().headerValue(), answer.fetchedAt())));
	}

	@GetMapping("/books/{id}")
	CompletableFuture<ResponseEntity<Book>> book(@PathVariable long id) {
		return books.book(id).thenApply(answer -> sourced(answer).body(answer.value()));
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
