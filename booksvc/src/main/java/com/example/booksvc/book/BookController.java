package com.example.booksvc.book;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import com.example.booksvc.catalog.Answer;
import com.example.booksvc.edge.BookQueries;
import com.example.booksvc.storagesvc.Book;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
class BookController implements BookApi {

	private final BookQueries books;

	private final AnswerHeaders headers;

	BookController(BookQueries books, AnswerHeaders headers) {
		this.books = books;
		this.headers = headers;
	}

	@Override
	@GetMapping({ "/", "/books" })
	public ResponseEntity<BooksResponse> books() {
		Answer<List<Book>> answer = await(books.books());
		return headers.forList(answer)
			.body(new BooksResponse(answer.value(), answer.source().headerValue(), answer.fetchedAt()));
	}

	@Override
	@GetMapping("/books/{id}")
	public ResponseEntity<Book> book(@PathVariable long id) {
		Answer<Book> answer = await(books.book(id));
		return headers.forBook(answer).body(answer.value());
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

}
