package com.example.booksvc.book;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import com.example.booksvc.cache.CacheProperties;
import com.example.booksvc.catalog.Answer;
import com.example.booksvc.edge.AnswerSharingProperties;
import com.example.booksvc.edge.BookQueries;
import com.example.booksvc.storagesvc.Book;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(BookController.class)
@Import(AnswerHeaders.class)
class BookControllerTest {

	private static final Instant NOW = Instant.parse("2026-11-22T15:00:00Z");

	private static final Book EMMA = new Book(2, "Emma", "Jane Austen", "9780141439587", 1815, "A matchmaker.");

	@Autowired
	private MockMvc mvc;

	@MockitoBean
	private BookQueries books;

	@TestConfiguration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ AnswerSharingProperties.class, CacheProperties.class })
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
	void everyAnswerSaysHowLongACacheMayKeepItAndServeItOnErrors() throws Exception {
		given(books.books()).willReturn(answer(List.of(EMMA), Answer.Source.STORAGESVC, NOW));
		given(books.book(2)).willReturn(answer(EMMA, Answer.Source.CACHE, NOW.minusSeconds(5)));

		// max-age: the answer-reuse window (100 ms, so 0 s); stale-if-error: the cache's max staleness (1 h)
		mvc.perform(get("/books")).andExpect(header().string("Cache-Control", "max-age=0, stale-if-error=3600"));
		mvc.perform(get("/books/2")).andExpect(header().string("Cache-Control", "max-age=0, stale-if-error=3600"));
	}

	@Test
	void theEtagDependsOnTheBooksOnlyNotOnWhereOrWhenTheyWereFetched() throws Exception {
		given(books.books()).willReturn(answer(List.of(EMMA), Answer.Source.STORAGESVC, NOW),
				answer(List.of(EMMA), Answer.Source.CACHE, NOW.minusSeconds(30)), answer(List.of(), Answer.Source.STORAGESVC, NOW));

		String live = etag(get("/books"));
		String cached = etag(get("/books"));
		String other = etag(get("/books"));

		assertThat(live).matches("W/\"[A-Za-z0-9_-]{16}\"").isEqualTo(cached).isNotEqualTo(other);
	}

	@Test
	void aMatchingIfNoneMatchIsNotModifiedWithTheSameHeadersAndNoBody() throws Exception {
		given(books.book(2)).willReturn(answer(EMMA, Answer.Source.CACHE, NOW.minusSeconds(5)));
		String etag = etag(get("/books/2"));

		mvc.perform(get("/books/2").header("If-None-Match", etag))
			.andExpect(status().isNotModified())
			.andExpect(header().string("ETag", etag))
			.andExpect(header().string("X-Data-Source", "cache"))
			.andExpect(header().string("Age", "5"))
			.andExpect(header().string("Cache-Control", "max-age=0, stale-if-error=3600"))
			.andExpect(content().string(""));
		mvc.perform(get("/books/2").header("If-None-Match", "W/\"another\""))
			.andExpect(status().isOk())
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

	private String etag(MockHttpServletRequestBuilder request) throws Exception {
		return mvc.perform(request).andExpect(status().isOk()).andReturn().getResponse().getHeader("ETag");
	}

	private static <T> CompletableFuture<Answer<T>> answer(T value, Answer.Source source, Instant fetchedAt) {
		return CompletableFuture.completedFuture(new Answer<>(value, source, fetchedAt));
	}

}
