package com.example.booksvc.storagesvc;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.swagger.v3.oas.annotations.media.Schema;

/** A book as storagesvc describes it. */
@Schema(requiredProperties = { "id", "title", "author", "isbn", "publishedYear" })
public record Book(long id, String title, String author, String isbn, int publishedYear,
		@Schema(types = { "string", "null" }) String description) {

	/**
	 * Whether this is a book at all: every field storagesvc always sends is there. Anything less (a
	 * body that is not a book, which Jackson reads with nulls and zeros) is a malformed answer.
	 */
	boolean hasEveryField() {
		return id > 0 && title != null && author != null && isbn != null;
	}

	/**
	 * Whether storagesvc sent what a book must have: every field, and a title. A book that has every
	 * field but a blank title is storagesvc's data gone wrong (an incomplete book); never cached.
	 */
	@JsonIgnore
	public boolean isComplete() {
		return hasEveryField() && !title.isBlank();
	}

}
