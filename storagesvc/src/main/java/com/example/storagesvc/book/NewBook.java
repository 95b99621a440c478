package com.example.storagesvc.book;

import java.time.Year;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Size;
import org.hibernate.validator.constraints.ISBN;

/** The body of {@code POST /books}. */
record NewBook(
		@Schema(example = "The Invisible Man") @NotBlank @Size(max = 255) @NoNulCharacters String title,
		@Schema(example = "H. G. Wells") @NotBlank @Size(max = 255) @NoNulCharacters String author,
		@Schema(example = "978-0-14-119100-3", description = "ISBN-10 or ISBN-13; hyphens do not count")
		@NotNull @ISBN(type = ISBN.Type.ANY) @NoNulCharacters String isbn,
		@Schema(types = "integer", example = "1897") @NotNull @PastOrPresent(message = "must not be in the future") Year publishedYear,
		@Size(max = 500) @NoNulCharacters String description) {

	/** The ISBN as stored: digits (and a final X) only, so "978-0-14-143951-8" and "9780141439518" are one book. */
	String normalizedIsbn() {
		return isbn.replaceAll("[^0-9Xx]", "").toUpperCase();
	}

}
