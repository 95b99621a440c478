package com.example.storagesvc.book;

import java.net.URI;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.example.storagesvc.PostgresContainerConfiguration;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(PostgresContainerConfiguration.class)
class BookApiIT {

	private static final int SEEDED_BOOKS = 22;

	private static final String NEW_ISBN = "978-0-14-143997-6";

	/** The type of storagesvc's 404 for a missing book, as booksvc expects it (booksvc's Storagesvc). */
	private static final String BOOK_NOT_FOUND = "tag:example.com,2026:storagesvc/book-not-found";

	@Autowired
	private TestRestTemplate http;

	@Autowired
	private JdbcTemplate jdbc;

	@AfterEach
	void removeAddedBooks() {
		jdbc.update("DELETE FROM book WHERE isbn = ?", NEW_ISBN.replace("-", ""));
	}

	@Test
	void flywayCreatedSchemaAndSeededBooks() {
		List<String> migrations = jdbc.queryForList(
				"SELECT description FROM flyway_schema_history WHERE success ORDER BY installed_rank", String.class);

		assertThat(migrations).containsExactly("create book table", "seed books", "book rules in the table");
		assertThat(jdbc.queryForObject("SELECT count(*) FROM book", Integer.class)).isEqualTo(SEEDED_BOOKS);
	}

	@Test
	void listsAllBooksSortedById() {
		ResponseEntity<String> response = http.getForEntity("/books", String.class);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		List<Integer> ids = JsonPath.read(response.getBody(), "$[*].id");
		assertThat(ids).hasSize(SEEDED_BOOKS).isSorted();
		assertThat(JsonPath.<String>read(response.getBody(), "$[0].title")).isEqualTo("Pride and Prejudice");
	}

	@Test
	void filtersByAuthorIgnoringCase() {
		String body = http.getForObject("/books?author=AUSTEN", String.class);

		List<String> authors = JsonPath.read(body, "$[*].author");
		List<String> titles = JsonPath.read(body, "$[*].title");
		assertThat(authors).hasSize(3).containsOnly("Jane Austen");
		assertThat(titles).containsExactly("Pride and Prejudice", "Emma", "Sense and Sensibility");
	}

	@Test
	void unknownAuthorGivesEmptyList() {
		assertThat(http.getForObject("/books?author=nobody", String.class)).isEqualTo("[]");
	}

	@Test
	void getsOneBook() {
		ResponseEntity<String> response = http.getForEntity("/books/1", String.class);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(JsonPath.<Map<String, Object>>read(response.getBody(), "$")).containsEntry("id", 1)
			.containsEntry("title", "Pride and Prejudice")
			.containsEntry("author", "Jane Austen")
			.containsEntry("isbn", "9780141439518")
			.containsEntry("publishedYear", 1813)
			.containsKey("description");
	}

	@Test
	void unknownIdIsNotFoundProblem() {
		ResponseEntity<String> response = http.getForEntity("/books/999999", String.class);

		assertProblem(response, HttpStatus.NOT_FOUND);
		assertThat(JsonPath.<String>read(response.getBody(), "$.type")).isEqualTo(BOOK_NOT_FOUND);
		assertThat(JsonPath.<String>read(response.getBody(), "$.detail")).isEqualTo("No book with id 999999");
	}

	@Test
	void unknownPathIsNotFoundWithoutTheMissingBooksType() {
		// what a caller with a wrong base path meets: a 404 that booksvc must not take for "no such book"
		ResponseEntity<String> response = http.getForEntity("/v2/books/1", String.class);

		assertProblem(response, HttpStatus.NOT_FOUND);
		assertThat(JsonPath.<String>read(response.getBody(), "$.type")).isEqualTo("about:blank");
	}

	@Test
	void nonNumericIdIsBadRequestProblem() {
		assertProblem(http.getForEntity("/books/abc", String.class), HttpStatus.BAD_REQUEST);
	}

	@Test
	void addsBookWithLocation() {
		ResponseEntity<String> created = post("""
				{"title": "The Time Machine", "author": "H. G. Wells", "isbn": "%s", "publishedYear": 1895}"""
			.formatted(NEW_ISBN));

		assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		URI location = created.getHeaders().getLocation();
		int id = JsonPath.read(created.getBody(), "$.id");
		assertThat(location).hasPath("/books/" + id);
		String stored = http.getForObject(location, String.class);
		assertThat(JsonPath.<String>read(stored, "$.title")).isEqualTo("The Time Machine");
		assertThat(JsonPath.<String>read(stored, "$.isbn")).isEqualTo("9780141439976");
	}

	@Test
	void invalidBookNamesEachBadField() {
		ResponseEntity<String> response = post("""
				{"title": " ", "author": "", "isbn": "978-0-14-143997-7", "publishedYear": 2999}""");

		assertProblem(response, HttpStatus.BAD_REQUEST);
		List<String> fields = JsonPath.read(response.getBody(), "$.errors[*].field");
		assertThat(fields).containsExactly("author", "isbn", "publishedYear", "title");
	}

	@Test
	void nulCharacterInTitleIsBadRequestNotConflictAndNothingIsStored() {
		ResponseEntity<String> response = post("""
				{"title": "The Time\\u0000Machine", "author": "H. G. Wells", "isbn": "%s", "publishedYear": 1895}"""
			.formatted(NEW_ISBN));

		assertProblem(response, HttpStatus.BAD_REQUEST);
		assertThat(JsonPath.<List<String>>read(response.getBody(), "$.errors[*].field")).containsExactly("title");
		assertThat(jdbc.queryForObject("SELECT count(*) FROM book", Integer.class)).isEqualTo(SEEDED_BOOKS);
	}

	@Test
	void nulCharacterInAuthorQueryIsBadRequestNotConflict() {
		ResponseEntity<String> response = http.getForEntity(URI.create("/books?author=%00"), String.class);

		assertProblem(response, HttpStatus.BAD_REQUEST);
		assertThat(JsonPath.<List<String>>read(response.getBody(), "$.errors[*].field")).containsExactly("author");
	}

	@Test
	void malformedJsonIsBadRequestProblem() {
		assertProblem(post("{\"title\": \"Emma\", "), HttpStatus.BAD_REQUEST);
	}

	@Test
	void duplicateIsbnIsConflictEvenWrittenDifferently() {
		ResponseEntity<String> response = post("""
				{"title": "Pride & Prejudice", "author": "Jane Austen", "isbn": "978-0-14-143951-8", "publishedYear": 1813}""");

		assertProblem(response, HttpStatus.CONFLICT);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM book", Integer.class)).isEqualTo(SEEDED_BOOKS);
	}

	private ResponseEntity<String> post(String json) {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		return http.postForEntity("/books", new HttpEntity<>(json, headers), String.class);
	}

	private static void assertProblem(ResponseEntity<String> response, HttpStatus status) {
		assertThat(response.getStatusCode()).isEqualTo(status);
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(JsonPath.<Integer>read(response.getBody(), "$.status")).isEqualTo(status.value());
	}

}
