package com.example.storagesvc.book;

import java.net.URI;
import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

@RestController
@RequestMapping("/books")
class BookController implements BookApi {

	private final BookService books;

	BookController(BookService books) {
		this.books = books;
	}

	/** All books by id; {@code ?author=austen} keeps those whose author contains the text, ignoring case. */
	@Override
	@GetMapping
	public List<BookResponse> list(@RequestParam(required = false) String author) {
		return books.list(author);
	}

	@Override
	@GetMapping("/{id}")
	public BookResponse get(@PathVariable long id) {
		return books.get(id);
	}

	@Override
	@PostMapping
	public ResponseEntity<BookResponse> add(@RequestBody NewBook newBook) {
		BookResponse created = books.add(newBook);
		URI location = ServletUriComponentsBuilder.fromCurrentRequestUri()
			.path("/{id}")
			.buildAndExpand(created.id())
			.toUri();
		return ResponseEntity.created(location).body(created);
	}

}
