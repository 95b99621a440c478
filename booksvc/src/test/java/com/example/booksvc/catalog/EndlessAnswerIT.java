package com.example.booksvc.catalog;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.example.booksvc.RedisContainerConfiguration;
import com.example.booksvc.storagesvc.StoragesvcProperties;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A storagesvc stand-in that answers 200 and then sends spaces for as long as anyone reads: with a
 * Content-Length of 100 MB, or chunked without end. booksvc reads past its limit
 * ({@code storagesvc.max-response-size}, 1 MB) not at all: one attempt (a malformed answer is not
 * retried), the connection closed, and the fallback within the budget. The stand-in is a plain JDK
 * server, not WireMock, so that it streams without holding 100 MB anywhere and counts what it got
 * rid of.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "booksvc.answer-reuse=0ms")
@Import(RedisContainerConfiguration.class)
class EndlessAnswerIT {

	private static final long HUNDRED_MEGABYTES = 100L * 1024 * 1024;

	/** What the kernel's socket buffers on both sides may hold beyond what booksvc read. */
	private static final long BUFFERED_AT_MOST = 8L * 1024 * 1024;

	private static final Duration MARGIN = Duration.ofMillis(400);

	private static final EndlessPeer peer = new EndlessPeer();

	@Autowired
	private TestRestTemplate http;

	@Autowired
	private CircuitBreakerRegistry breakers;

	@Autowired
	private StoragesvcProperties settings;

	@DynamicPropertySource
	static void pointBooksvcAtThePeer(DynamicPropertyRegistry properties) {
		properties.add("storagesvc.base-url", peer::baseUrl);
	}

	@AfterAll
	static void stopThePeer() {
		peer.server.stop(0);
		peer.executor.close();
	}

	@BeforeEach
	void startClean() {
		breakers.circuitBreaker(Catalog.STORAGESVC).reset();
		peer.requests.set(0);
		peer.sent.set(0);
		peer.done.set(0);
	}

	@ParameterizedTest(name = "Content-Length {0} (0: chunked)")
	@ValueSource(longs = { HUNDRED_MEGABYTES, 0 })
	void anEndlessAnswerIsReadToTheLimitAndNoFurther(long contentLength) {
		peer.contentLength = contentLength;

		long start = System.nanoTime();
		ResponseEntity<String> response = http.getForEntity("/books", String.class);
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(elapsed).isLessThan(settings.latencyBudget().plus(MARGIN));
		assertThat(peer.requests).hasValue(1);
		CircuitBreaker breaker = breakers.circuitBreaker(Catalog.STORAGESVC);
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
		// the peer notices the closed connection when its next write fails
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(peer.done).as("answers the peer finished; %s bytes sent", peer.sent)
				.hasValue(peer.requests.get()));
		assertThat(peer.sent.get()).isLessThan(settings.maxResponseSize().toBytes() + BUFFERED_AT_MOST);
	}

	/** Answers every request with spaces until the client goes away; counts what it managed to send. */
	private static final class EndlessPeer {

		final HttpServer server;

		final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

		final AtomicInteger requests = new AtomicInteger();

		final AtomicInteger done = new AtomicInteger();

		final AtomicLong sent = new AtomicLong();

		volatile long contentLength;

		EndlessPeer() {
			try {
				server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			server.setExecutor(executor);
			server.createContext("/", this::answer);
			server.start();
		}

		String baseUrl() {
			return "http://127.0.0.1:" + server.getAddress().getPort();
		}

		private void answer(HttpExchange exchange) throws IOException {
			requests.incrementAndGet();
			byte[] spaces = new byte[64 * 1024];
			Arrays.fill(spaces, (byte) ' ');
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			try (OutputStream body = exchange.getResponseBody()) {
				exchange.sendResponseHeaders(200, contentLength);
				body.write('[');
				for (long left = (contentLength > 0) ? contentLength - 1 : Long.MAX_VALUE; left > 0; left -= spaces.length) {
					body.write(spaces, 0, (int) Math.min(spaces.length, left));
					sent.addAndGet(Math.min(spaces.length, left));
				}
			}
			catch (IOException ex) {
				// booksvc closed the connection: what this peer is waiting for
			}
			finally {
				done.incrementAndGet();
			}
		}

	}

}
