package com.example.storagesvc.book;

import io.swagger.v3.oas.annotations.media.Schema;

@Schema(name = "Book", requiredProperties = { "id", "title", "author", "isbn", "publishedYear", "description" })
record BookResponse(long id, String title, String author, String isbn, int publishedYear,
		@Schema(types = { "string", "null" }) String description) {

	static BookResponse from(Book book) {
		return new BookResponse(book.getId(), book.getTitle(), book.getAuthor(), book.getIsbn(),
				book.getPublishedYear(), book.getDescription());
	}

}
