package com.example.storagesvc.book;

import java.sql.SQLException;
import java.time.Year;
import java.util.List;

import jakarta.persistence.PersistenceException;
import org.hibernate.TransactionException;
import org.hibernate.exception.GenericJDBCException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.InvalidDataAccessResourceUsageException;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.orm.jpa.JpaSystemException;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(BookController.class)
class BookControllerTest {

	/** The type of storagesvc's 404 for a missing book, as booksvc expects it (booksvc's Storagesvc). */
	private static final String BOOK_NOT_FOUND = "tag:example.com,2026:storagesvc/book-not-found";

	private static final BookResponse EMMA = new BookResponse(2, "Emma", "Jane Austen", "9780141439587", 1815,
			"A well-meaning matchmaker.");

	@Autowired
	private MockMvc mvc;

	@MockitoBean
	private BookService books;

	@Test
	void listsBooksFilteredByAuthor() throws Exception {
		given(books.list("austen")).willReturn(List.of(EMMA));

		mvc.perform(get("/books").param("author", "austen"))
			.andExpect(status().isOk())
			.andExpect(content().contentType(MediaType.APPLICATION_JSON))
			.andExpect(jsonPath("$[0].title").value("Emma"))
			.andExpect(jsonPath("$[0].publishedYear").value(1815));
	}

	@Test
	void unknownBookIsNotFoundProblem() throws Exception {
		given(books.get(42)).willThrow(new BookNotFoundException(42));

		mvc.perform(get("/books/42"))
			.andExpect(status().isNotFound())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.status").value(404))
			.andExpect(jsonPath("$.type").value(BOOK_NOT_FOUND))
			.andExpect(jsonPath("$.title").value("Book not found"))
			.andExpect(jsonPath("$.detail").value("No book with id 42"))
			.andExpect(jsonPath("$.instance").value("/books/42"));
	}

	@Test
	void nonNumericIdIsBadRequestProblem() throws Exception {
		mvc.perform(get("/books/abc"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value(containsString("'id'")));
		verifyNoInteractions(books);
	}

	@Test
	void unknownPathIsNotFoundProblem() throws Exception {
		mvc.perform(get("/nothing-here"))
			.andExpect(status().isNotFound())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			// not the missing book's type: booksvc takes only that one for "no such book"
			.andExpect(jsonPath("$.type").value("about:blank"));
	}

	@Test
	void createdBookHasLocation() throws Exception {
		given(books.add(any())).willReturn(EMMA);

		mvc.perform(post("/books").contentType(MediaType.APPLICATION_JSON).content(validBody()))
			.andExpect(status().isCreated())
			.andExpect(header().string("Location", "http://localhost/books/2"))
			.andExpect(jsonPath("$.id").value(2));
	}

	@ParameterizedTest(name = "{0} = {1}")
	@CsvSource(delimiter = '|', textBlock = """
			title         | '"   "'
			title         | null
			author        | '""'
			isbn          | '"978-0-14-143951-9"'
			isbn          | '"not an isbn"'
			isbn          | null
			publishedYear | null
			description   | '"%s"'
			""")
	void eachInvalidFieldIsNamed(String field, String json) throws Exception {
		String value = json.equals("\"%s\"") ? "\"" + "x".repeat(501) + "\"" : json;
		String body = validBody().replaceFirst("\"" + field + "\": [^,}]+", "\"" + field + "\": " + value);

		mvc.perform(post("/books").contentType(MediaType.APPLICATION_JSON).content(body))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value("Invalid fields: " + field))
			.andExpect(jsonPath("$.errors[*].field").value(contains(field)));
		verifyNoInteractions(books);
	}

	@ParameterizedTest
	@ValueSource(strings = { "title", "author", "isbn", "description" })
	void nulCharacterInAnyTextFieldIsNamed(String field) throws Exception {
		String body = validBody().replaceFirst("(\"" + field + "\": \"[^\"]*)\"", "$1\\\\u0000\"");

		mvc.perform(post("/books").contentType(MediaType.APPLICATION_JSON).content(body))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value("Invalid fields: " + field))
			.andExpect(jsonPath("$.errors[*].message").value(hasItem("must not contain NUL characters")));
		verifyNoInteractions(books);
	}

	@Test
	void nulCharacterInAuthorParameterIsNamed() throws Exception {
		mvc.perform(get("/books").param("author", "aus\u0000ten"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value("Invalid parameters: author"))
			.andExpect(jsonPath("$.errors[0].field").value("author"))
			.andExpect(jsonPath("$.errors[0].message").value("must not contain NUL characters"));
		verifyNoInteractions(books);
	}

	@Test
	void publicationYearInTheFutureIsRejected() throws Exception {
		String body = validBody().replace("1815", String.valueOf(Year.now().getValue() + 1));

		mvc.perform(post("/books").contentType(MediaType.APPLICATION_JSON).content(body))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("publishedYear"))
			.andExpect(jsonPath("$.errors[0].message").value("must not be in the future"));
	}

	@Test
	void everyInvalidFieldIsListed() throws Exception {
		String body = """
				{"title": "", "author": " ", "isbn": "123", "publishedYear": 3000}""";

		mvc.perform(post("/books").contentType(MediaType.APPLICATION_JSON).content(body))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value("Invalid fields: author, isbn, publishedYear, title"))
			.andExpect(jsonPath("$.errors[*].field").value(contains("author", "isbn", "publishedYear", "title")));
	}

	@Test
	void malformedJsonIsBadRequestProblem() throws Exception {
		mvc.perform(post("/books").contentType(MediaType.APPLICATION_JSON).content("{\"title\": "))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value("Malformed JSON request body"));
	}

	@Test
	void wronglyTypedFieldIsNamed() throws Exception {
		String body = validBody().replace("1815", "\"eighteen-fifteen\"");

		mvc.perform(post("/books").contentType(MediaType.APPLICATION_JSON).content(body))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value("Invalid fields: publishedYear"))
			.andExpect(jsonPath("$.errors[0].field").value("publishedYear"));
	}

	@Test
	void nonJsonBodyIsUnsupportedMediaTypeProblem() throws Exception {
		mvc.perform(post("/books").contentType(MediaType.TEXT_PLAIN).content("Emma"))
			.andExpect(status().isUnsupportedMediaType())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
	}

	@Test
	void duplicateIsbnIsConflictProblem() throws Exception {
		given(books.add(any())).willThrow(new DuplicateIsbnException("9780141439587"));

		mvc.perform(post("/books").contentType(MediaType.APPLICATION_JSON).content(validBody()))
			.andExpect(status().isConflict())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value("A book with ISBN 9780141439587 already exists"));
	}

	@Test
	void constraintRaceIsConflictProblem() throws Exception {
		given(books.add(any())).willThrow(refusedByDatabase("23505", "duplicate key value violates unique constraint"));

		mvc.perform(post("/books").contentType(MediaType.APPLICATION_JSON).content(validBody()))
			.andExpect(status().isConflict())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
	}

	@Test
	void valueTheDatabaseCannotStoreIsBadRequestNotConflict() throws Exception {
		given(books.add(any())).willThrow(refusedByDatabase("22021", "invalid byte sequence for encoding \"UTF8\": 0x00"));

		mvc.perform(post("/books").contentType(MediaType.APPLICATION_JSON).content(validBody()))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.title").value("Value cannot be stored"));
	}

	@Test
	void dataExceptionInAQueryIsBadRequestWhateverItsWrapping() throws Exception {
		SQLException badValue = new SQLException("invalid input syntax for type integer", "22P02");
		given(books.list("austen")).willThrow(new JpaSystemException(new PersistenceException(badValue)));

		mvc.perform(get("/books").param("author", "austen"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.title").value("Value cannot be stored"));
	}

	@Test
	void otherIntegrityViolationIsBadRequestNotConflict() throws Exception {
		given(books.add(any())).willThrow(refusedByDatabase("23502", "null value in column \"title\""));

		mvc.perform(post("/books").contentType(MediaType.APPLICATION_JSON).content(validBody()))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.title").value("Value cannot be stored"));
	}

	@Test
	void databaseDownIsServiceUnavailableWithRetryAfter() throws Exception {
		given(books.list(null)).willThrow(new CannotCreateTransactionException("Could not open JPA EntityManager"));

		mvc.perform(get("/books"))
			.andExpect(status().isServiceUnavailable())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(header().string("Retry-After", "5"))
			.andExpect(jsonPath("$.title").value("Database unavailable"));
	}

	@Test
	void databaseLostMidQueryIsServiceUnavailableWithRetryAfter() throws Exception {
		given(books.get(1)).willThrow(new DataAccessResourceFailureException("An I/O error occurred"));

		mvc.perform(get("/books/1"))
			.andExpect(status().isServiceUnavailable())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(header().string("Retry-After", "5"));
	}

	@Test
	void queryOnConnectionClosedByShutdownIsServiceUnavailable() throws Exception {
		SQLException shutdown = new SQLException("terminating connection due to administrator command", "57P01");
		given(books.get(1)).willThrow(new JpaSystemException(new PersistenceException(shutdown)));

		mvc.perform(get("/books/1"))
			.andExpect(status().isServiceUnavailable())
			.andExpect(header().string("Retry-After", "5"));
	}

	@Test
	void rollbackOnDiscardedConnectionIsServiceUnavailable() throws Exception {
		TransactionException rollbackFailed = new TransactionException("Unable to rollback against JDBC Connection",
				new SQLException("Connection is closed"));
		given(books.list(null)).willThrow(new JpaSystemException(rollbackFailed));

		mvc.perform(get("/books"))
			.andExpect(status().isServiceUnavailable())
			.andExpect(header().string("Retry-After", "5"));
	}

	@Test
	void otherDataAccessFailureIsInternalErrorProblem() throws Exception {
		given(books.list(null)).willThrow(new InvalidDataAccessResourceUsageException("relation \"book\" does not exist"));

		mvc.perform(get("/books"))
			.andExpect(status().isInternalServerError())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(header().doesNotExist("Retry-After"))
			.andExpect(jsonPath("$.detail").value("The request could not be completed"));
	}

	/** As Spring's JPA translation reports what PostgreSQL refused: the SQLState sits on the cause. */
	private static DataIntegrityViolationException refusedByDatabase(String sqlState, String message) {
		return new DataIntegrityViolationException("could not execute statement",
				new GenericJDBCException("could not execute statement", new SQLException(message, sqlState)));
	}

	private static String validBody() {
		return """
				{"title": "Emma", "author": "Jane Austen", "isbn": "978-0-14-143958-7", "publishedYear": 1815, "description": "A matchmaker."}""";
	}

}
