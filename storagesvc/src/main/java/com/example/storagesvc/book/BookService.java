package com.example.storagesvc.book;

import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.StringUtils;

@Service
class BookService {

	private final BookRepository books;

	BookService(BookRepository books) {
		this.books = books;
	}

	List<BookResponse> list(String author) {
		List<Book> found = StringUtils.hasText(author)
				? books.findByAuthorContainingIgnoreCaseOrderByIdAsc(author.strip())
				: books.findAllByOrderByIdAsc();
		return found.stream().map(BookResponse::from).toList();
	}

	BookResponse get(long id) {
		return books.findById(id).map(BookResponse::from).orElseThrow(() -> new BookNotFoundException(id));
	}

	/**
	 * The unique constraint on isbn is the real guard; checking first gives the common case a clear
	 * message, and a concurrent insert that slips past the check still ends in 409 (see
	 * {@code DatabaseFailureAdvice}).
	 */
	@Transactional
	BookResponse add(NewBook newBook) {
		String isbn = newBook.normalizedIsbn();
		if (books.existsByIsbn(isbn)) {
			throw new DuplicateIsbnException(isbn);
		}
		Book book = new Book(newBook.title().strip(), newBook.author().strip(), isbn,
				newBook.publishedYear().getValue(), newBook.description());
		return BookResponse.from(books.save(book));
	}

}
