package com.example.booksvc.edge;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.wiremock.spring.ConfigureWireMock;
import org.wiremock.spring.EnableWireMock;
import org.wiremock.spring.InjectWireMock;

import com.example.booksvc.RedisContainerConfiguration;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.StringRedisTemplate;

import static com.example.booksvc.Fixtures.BOOKS_JSON;
import static com.example.booksvc.Fixtures.bookJson;
import static com.example.booksvc.Fixtures.cacheKey;
import static com.example.booksvc.Fixtures.warmUp;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The lookup door sees what the dispatcher maps, however the path is spelled: every spelling that
 * Spring MVC answers with the lookup is turned away while the door's permits are taken (answered
 * from the cache if it has the book, else 503), and nothing else is. Requests go out as written (the
 * JDK client normalises nothing), to a door of 2.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
		"resilience4j.bulkhead.instances.lookups.max-concurrent-calls=2", "booksvc.answer-reuse=0ms" })
@EnableWireMock(@ConfigureWireMock(name = "storagesvc", baseUrlProperties = "storagesvc.base-url"))
@Import(RedisContainerConfiguration.class)
class LookupDoorIT {

	private static final HttpClient CLIENT = HttpClient.newHttpClient();

	@InjectWireMock("storagesvc")
	private WireMockServer storagesvc;

	@Autowired
	private BulkheadRegistry bulkheads;

	@Autowired
	private TestRestTemplate http;

	@Autowired
	private StringRedisTemplate redis;

	@LocalServerPort
	private int port;

	@BeforeEach
	void storagesvcAnswers() {
		warmUp(storagesvc, http);
		storagesvc.stubFor(get("/books").willReturn(okJson(BOOKS_JSON)));
		storagesvc.stubFor(get("/books/1").willReturn(okJson(bookJson(1))));
	}

	@AfterAll
	static void closeClient() {
		CLIENT.close();
	}

	/**
	 * {@code answer}: what Spring MVC does with the path, seen with the door open: the lookup of
	 * book 1, the list, or the status it answers otherwise (Tomcat's 400 for an encoded slash).
	 */
	@ParameterizedTest(name = "{0}: {1}")
	@CsvSource({ "/books/1, lookup", "/%62ooks/1, lookup", "/books/%31, lookup", "/%62%6F%6F%6B%73/%31, lookup",
			"/books/1;x=y, lookup", "/books;x=y/1, lookup", "//books/1, 404", "/books//1, 404", "/books/./1, 404",
			"/books/x/../1, 404", "/books/1/, 404", "/BOOKS/1, 404", "/books/, 404", "/books%2F1, 400", "/books, list",
			"/%62ooks, list", "/, list" })
	void theDoorShedsExactlyWhatTheDispatcherMapsToTheLookup(String path, String answer) throws Exception {
		HttpResponse<String> open = send(path);
		assertThat(kind(open)).as("%s answered %s %s", path, open.statusCode(), open.body()).isEqualTo(answer);

		// nothing cached for book 1, once the open door's answer has been written
		if (answer.equals("lookup")) {
			await().atMost(Duration.ofSeconds(5)).until(() -> redis.hasKey(cacheKey("book:1")));
		}
		redis.delete(List.of(cacheKey("book:1"), cacheKey("books")));
		HttpResponse<String> shut = whileTheDoorIsShut(() -> send(path));

		if (answer.equals("lookup")) {
			assertThat(shut.statusCode()).isEqualTo(503);
			assertThat(shut.body()).contains("\"title\":\"Too many lookups in flight\"");
			// the call the open door let through, and none past the shut one
			storagesvc.verify(exactly(1), getRequestedFor(urlEqualTo("/books/1")));
		}
		else {
			assertThat(kind(shut)).as("%s with the door shut: %s", path, shut.body()).isEqualTo(answer);
		}
		assertThat(bulkheads.bulkhead("lookups").getMetrics().getAvailableConcurrentCalls()).isEqualTo(2);
	}

	@Test
	void aCachedBookPastTheDoorIsAnsweredFromTheCache() throws Exception {
		HttpResponse<String> live = send("/books/1");
		assertThat(live.headers().firstValue("X-Data-Source")).hasValue("storagesvc");
		await().atMost(Duration.ofSeconds(5)).until(() -> redis.hasKey(cacheKey("book:1")));

		HttpResponse<String> shut = whileTheDoorIsShut(() -> send("/books/1"));

		assertThat(shut.statusCode()).isEqualTo(200);
		assertThat(shut.headers().firstValue("X-Data-Source")).hasValue("cache");
		assertThat(kind(shut)).isEqualTo("lookup");
		// the call the open door let through, and none past the shut one
		storagesvc.verify(exactly(1), getRequestedFor(urlEqualTo("/books/1")));
		assertThat(bulkheads.bulkhead("lookups").getMetrics().getAvailableConcurrentCalls()).isEqualTo(2);
	}

	/** {@code request} sent with the door's two permits taken, as two lookups in flight take them. */
	private HttpResponse<String> whileTheDoorIsShut(Callable<HttpResponse<String>> request) throws Exception {
		Bulkhead door = bulkheads.bulkhead("lookups");
		door.acquirePermission();
		door.acquirePermission();
		try {
			return request.call();
		}
		finally {
			door.onComplete();
			door.onComplete();
		}
	}

	private HttpResponse<String> send(String path) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build();
		return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static String kind(HttpResponse<String> answer) {
		if (answer.statusCode() != 200) {
			return String.valueOf(answer.statusCode());
		}
		return answer.body().startsWith("{\"id\":1,") ? "lookup" : answer.body().startsWith("{\"books\":") ? "list" : "200";
	}

}
