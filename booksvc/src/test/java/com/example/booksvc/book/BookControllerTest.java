package com.example.booksvc.book;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import com.example.booksvc.catalog.Answer;
import com.example.booksvc.catalog.BookQueries;
import com.example.booksvc.storagesvc.Book;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(BookController.class)
class BookControllerTest {

	private static final Instant NOW = Instant.parse("2026-11-22T15:00:00Z");

	private static final Book EMMA = new Book(2, "Emma", "Jane Austen", "9780141439587", 1815, "A matchmaker.");

	@Autowired
	private MockMvc mvc;

	@MockitoBean
	private BookQueries books;

	@TestConfiguration(proxyBeanMethods = false)
	static class FixedClock {

		@Bean
		@Primary
		Clock fixedClock() {
			return Clock.fixed(NOW, ZoneOffset.UTC);
		}

	}

	@Test
	void liveAnswerSaysWhereItComesFrom() throws Exception {
		given(books.books()).willReturn(answer(List.of(EMMA), Answer.Source.STORAGESVC, NOW));

		mvc.perform(get("/books"))
			.andExpect(status().isOk())
			.andExpect(header().string("X-Data-Source", "storagesvc"))
			.andExpect(header().doesNotExist("Age"))
			.andExpect(jsonPath("$.source").value("storagesvc"))
			.andExpect(jsonPath("$.fetchedAt").value("2026-11-22T15:00:00Z"))
			.andExpect(jsonPath("$.books[0].title").value("Emma"));
	}

	@Test
	void cachedAnswerSaysHowOldItIs() throws Exception {
		given(books.books()).willReturn(answer(List.of(EMMA), Answer.Source.CACHE, NOW.minus(Duration.ofSeconds(90))));

		mvc.perform(get("/"))
			.andExpect(status().isOk())
			.andExpect(header().string("X-Data-Source", "cache"))
			.andExpect(header().string("Age", "90"))
			.andExpect(jsonPath("$.source").value("cache"))
			.andExpect(jsonPath("$.fetchedAt").value("2026-11-22T14:58:30Z"));
	}

	@Test
	void oneBookCarriesTheSameHeaders() throws Exception {
		given(books.book(2)).willReturn(answer(EMMA, Answer.Source.CACHE, NOW.minusSeconds(5)));

		mvc.perform(get("/books/2"))
			.andExpect(status().isOk())
			.andExpect(header().string("X-Data-Source", "cache"))
			.andExpect(header().string("Age", "5"))
			.andExpect(jsonPath("$.id").value(2));
	}

	@Test
	void anUnexpectedFailureIsAProblemNotSpringsDefaultErrorJson() throws Exception {
		given(books.books()).willReturn(CompletableFuture.failedFuture(new IllegalStateException("a bug")));

		mvc.perform(get("/books"))
			.andExpect(status().isInternalServerError())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.title").value("Internal error"))
			.andExpect(jsonPath("$.detail").value("booksvc failed to answer; the failure is logged"));
	}

	@Test
	void nonNumericIdIsBadRequestProblem() throws Exception {
		mvc.perform(get("/books/abc"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
	}

	private static <T> CompletableFuture<Answer<T>> answer(T value, Answer.Source source, Instant fetchedAt) {
		return CompletableFuture.completedFuture(new Answer<>(value, source, fetchedAt));
	}

}
