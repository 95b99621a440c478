package com.example.storagesvc.book;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import com.example.storagesvc.PostgresContainerConfiguration;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What PostgreSQL itself refuses, past validation, with the exceptions Hibernate and Spring really
 * raise: a value it cannot store is the client's 400, only a unique violation is a 409. A test-only
 * endpoint writes through the repository with no validation and no duplicate check in the way.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import({ PostgresContainerConfiguration.class, DatabaseRefusalIT.UncheckedWrites.class })
class DatabaseRefusalIT {

	private static final int SEEDED_BOOKS = 22;

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
