package com.example.booksvc.catalog;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.ResponseEntity;

import static com.example.booksvc.Fixtures.BOOKS_JSON;
import static com.example.booksvc.Fixtures.cacheKey;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.awaitility.Awaitility.await;

/** The faults the on/off tests play as storagesvc, and how they count what booksvc answered. */
final class StoragesvcFaults {

	private StoragesvcFaults() {
	}

	/**
	 * storagesvc answers and the answer is in Redis: what a fallback has to serve. Asked again until
	 * an answer is live: a context's very first attempt (classes loading, a loaded machine) may
	 * outlast the time limit, and a timed-out attempt is not retried.
	 */
	static void answeredOnceAndCached(WireMockServer storagesvc, TestRestTemplate http, StringRedisTemplate redis) {
		storagesvc.stubFor(get("/books").willReturn(okJson(BOOKS_JSON)));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> "storagesvc".equals(http.getForEntity("/books", String.class).getHeaders().getFirst("X-Data-Source")));
		await().atMost(Duration.ofSeconds(5)).until(() -> redis.hasKey(cacheKey("books")));
		storagesvc.resetAll();
	}

	/**
	 * {@code GET /books} answered by {@code calls.apply(n)} for its n-th call, 0 first, in a cycle
	 * of {@code cycle} calls: a fault that hits some calls and not others, the same every run.
	 */
	static void cycle(WireMockServer storagesvc, int cycle, IntFunction<ResponseDefinitionBuilder> calls) {
		for (int n = 0; n < cycle; n++) {
			storagesvc.stubFor(get("/books").inScenario("cycle")
				.whenScenarioStateIs(n == 0 ? Scenario.STARTED : "call " + n)
				.willReturn(calls.apply(n))
				.willSetStateTo(n == cycle - 1 ? Scenario.STARTED : "call " + (n + 1)));
		}
	}

	/** How many calls for the book list storagesvc received. */
	static int bookListCalls(WireMockServer storagesvc) {
		return storagesvc.countRequestsMatching(getRequestedFor(urlEqualTo("/books")).build()).getCount();
	}

	/** {@code count} requests for the book list one after another, counted by answer: "200 storagesvc", "503 -"… */
	static Map<String, Integer> askForTheBooks(TestRestTemplate http, int count) {
		Map<String, Integer> answers = new TreeMap<>();
		for (int i = 0; i < count; i++) {
			answers.merge(kind(http.getForEntity("/books", String.class)), 1, Integer::sum);
		}
		return answers;
	}

	static String kind(ResponseEntity<String> answer) {
		String source = answer.getHeaders().getFirst("X-Data-Source");
		return answer.getStatusCode().value() + " " + (source != null ? source : "-");
	}

}
