package com.example.booksvc.storagesvc;

/** A book as storagesvc describes it. */
public record Book(long id, String title, String author, String isbn, int publishedYear, String description) {

	/** Whether storagesvc sent what a book must have; anything less is a malformed answer, never cached. */
	public boolean isComplete() {
		return id > 0 && title != null && !title.isBlank() && author != null && isbn != null;
	}

}
