package com.example.booksvc.storagesvc;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.swagger.v3.oas.annotations.media.Schema;

/** A book as storagesvc describes it. */
@Schema(requiredProperties = { "id", "title", "author", "isbn", "publishedYear" })
public record Book(long id, String title, String author, String isbn, int publishedYear,
		@Schema(types = { "string", "null" }) String description) {

	/** Whether storagesvc sent what a book must have; anything less is a malformed answer, never cached. */
	@JsonIgnore
	public boolean isComplete() {
		return id > 0 && title != null && !title.isBlank() && author != null && isbn != null;
	}

}
