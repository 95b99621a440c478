package com.example.storagesvc.book;

record BookResponse(long id, String title, String author, String isbn, int publishedYear, String description) {

	static BookResponse from(Book book) {
		return new BookResponse(book.getId(), book.getTitle(), book.getAuthor(), book.getIsbn(),
				book.getPublishedYear(), book.getDescription());
	}

}
