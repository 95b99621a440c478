package com.example.storagesvc.book;

import java.sql.SQLException;
import java.util.stream.Stream;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.example.storagesvc.PostgresContainerConfiguration;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What PostgreSQL itself refuses, past validation, with the exceptions Hibernate and Spring really
 * raise: a value it cannot store is the client's 400, only a unique violation is a 409. A test-only
 * endpoint writes through the repository with no validation and no duplicate check in the way. The
 * table holds the API's rules too (V3's checks): a row written past the API is refused.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import({ PostgresContainerConfiguration.class, DatabaseRefusalIT.UncheckedWrites.class })
class DatabaseRefusalIT {

	private static final int SEEDED_BOOKS = 22;

	private static final String CHECK_VIOLATION = "23514";

	@Autowired
	private TestRestTemplate http;

	@Autowired
	private JdbcTemplate jdbc;

	@Test
	void valueThatPostgresCannotStoreIsBadRequestNotConflict() {
		ResponseEntity<String> response = http.postForEntity("/test/unchecked-books", "The Time\u0000Machine|9780141439976",
				String.class);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(JsonPath.<String>read(response.getBody(), "$.title")).isEqualTo("Value cannot be stored");
		assertThat(jdbc.queryForObject("SELECT count(*) FROM book", Integer.class)).isEqualTo(SEEDED_BOOKS);
	}

	@Test
	void uniqueViolationThatSlipsPastTheCheckIsConflict() {
		ResponseEntity<String> response = http.postForEntity("/test/unchecked-books", "Pride and Prejudice|9780141439518",
				String.class);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM book", Integer.class)).isEqualTo(SEEDED_BOOKS);
	}

	/** Each with an ISBN of its own: a row the table let in must not make the next one a duplicate. */
	static Stream<Arguments> rowsTheApiRefuses() {
		return Stream.of(Arguments.of("empty title", "", "H. G. Wells", "9780141441009", 1895, "book_title_not_blank"),
				Arguments.of("title of spaces and a tab", " \t ", "H. G. Wells", "9780141441023", 1895, "book_title_not_blank"),
				Arguments.of("title of an em space, blank to booksvc", "\u2003", "H. G. Wells", "9780141441030", 1895,
						"book_title_not_blank"),
				Arguments.of("empty author", "Kipps", "", "9780141441047", 1905, "book_author_not_blank"),
				Arguments.of("ISBN not as stored", "Kipps", "H. G. Wells", "978-014144105", 1905, "book_isbn_digits"),
				Arguments.of("a year no time zone has reached", "Kipps", "H. G. Wells", "9780141441054", 9999,
						"book_published_year_not_future"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("rowsTheApiRefuses")
	void theTableRefusesWhatTheApiRefusesWrittenPastIt(String what, String title, String author, String isbn, int year,
			String constraint) {
		assertThatExceptionOfType(DataIntegrityViolationException.class)
			.isThrownBy(() -> jdbc.update("INSERT INTO book (title, author, isbn, published_year) VALUES (?, ?, ?, ?)",
					title, author, isbn, year))
			.satisfies(refused -> assertThat(refused.getMostSpecificCause()).isInstanceOfSatisfying(SQLException.class,
					sql -> assertThat(sql.getSQLState()).isEqualTo(CHECK_VIOLATION)))
			.withMessageContaining(constraint);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM book", Integer.class)).isEqualTo(SEEDED_BOOKS);
	}

	/** booksvc reads a book with an id of 0 or less as no book at all. */
	@Test
	void theTableRefusesAnIdGivenByHandThatIsNotAboveZero() {
		assertThatExceptionOfType(DataIntegrityViolationException.class)
			.isThrownBy(() -> jdbc.update(
					"INSERT INTO book (id, title, author, isbn, published_year) VALUES (0, 'Kipps', 'H. G. Wells', '9780141441061', 1905)"))
			.satisfies(refused -> assertThat(refused.getMostSpecificCause()).isInstanceOfSatisfying(SQLException.class,
					sql -> assertThat(sql.getSQLState()).isEqualTo(CHECK_VIOLATION)))
			.withMessageContaining("book_id_above_zero");
		assertThat(jdbc.queryForObject("SELECT count(*) FROM book", Integer.class)).isEqualTo(SEEDED_BOOKS);
	}

	@Test
	void aTitleTheApiLetsThroughButTheTableRefusesIsBadRequest() {
		// U+2003 alone passes @NotBlank (String.trim() keeps it) but is blank to booksvc (isBlank()):
		// the table's check refuses it, and the check violation is the client's 400, not a 500
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		ResponseEntity<String> response = http.postForEntity("/books", new HttpEntity<>("""
				{"title": "\u2003", "author": "H. G. Wells", "isbn": "978-0-14-144106-1", "publishedYear": 1905}""",
				headers), String.class);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(JsonPath.<String>read(response.getBody(), "$.title")).isEqualTo("Value cannot be stored");
		assertThat(jdbc.queryForObject("SELECT count(*) FROM book", Integer.class)).isEqualTo(SEEDED_BOOKS);
	}

	@RestController
	static class UncheckedWrites {

		private final BookRepository books;

		UncheckedWrites(BookRepository books) {
			this.books = books;
		}

		/** Body: {@code title|isbn}. */
		@PostMapping("/test/unchecked-books")
		void add(@RequestBody String titleAndIsbn) {
			String[] parts = titleAndIsbn.split("\\|");
			books.saveAndFlush(new Book(parts[0], "Anonymous", parts[1], 1900, null));
		}

	}

}
