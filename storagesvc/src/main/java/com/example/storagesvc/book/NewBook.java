package com.example.storagesvc.book;

import java.time.Year;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Size;
import org.hibernate.validator.constraints.ISBN;

/** The body of {@code POST /books}. */
record NewBook(
		@NotBlank @Size(max = 255) @NoNulCharacters String title,
		@NotBlank @Size(max = 255) @NoNulCharacters String author,
		@NotNull @ISBN(type = ISBN.Type.ANY) @NoNulCharacters String isbn,
		@NotNull @PastOrPresent(message = "must not be in the future") Year publishedYear,
		@Size(max = 500) @NoNulCharacters String description) {

	/** The ISBN as stored: digits (and a final X) only, so "978-0-14-143951-8" and "9780141439518" are one book. */
	String normalizedIsbn() {
		return isbn.replaceAll("[^0-9Xx]", "").toUpperCase();
	}

}
