package com.example.booksvc.book;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.example.booksvc.storagesvc.StoragesvcProperties;
import com.example.testsupport.FixedHostPort;

import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * The warm-up's wait for storagesvc: booksvc's own {@code GET /} goes out only once storagesvc
 * answers, or once the wait is over. Both ends are plain HTTP servers here, so that storagesvc can
 * start late.
 */
class WarmUpTest {

	/** Headroom for a loaded CI machine over a poll (100 ms) and the requests themselves. */
	private static final Duration MARGIN = Duration.ofSeconds(2);

	private final List<String> storagesvcAsked = new CopyOnWriteArrayList<>();

	private final List<String> booksvcAsked = new CopyOnWriteArrayList<>();

	private final HttpServer booksvc = server(0, booksvcAsked);

	private final int storagesvcPort = FixedHostPort.freePort();

	private HttpServer storagesvc;

	@AfterEach
	void stop() {
		booksvc.stop(0);
		if (storagesvc != null) {
			storagesvc.stop(0);
		}
	}

	@Test
	void warmsUpOnlyOnceStoragesvcAnswers() throws Exception {
		CompletableFuture<Void> warmUp = CompletableFuture.runAsync(() -> warmUp(Duration.ofSeconds(30)).run(null));

		// storagesvc is not there yet: the warm-up waits, booksvc is not asked
		await().during(Duration.ofMillis(500)).atMost(MARGIN).until(() -> !warmUp.isDone() && booksvcAsked.isEmpty());

		storagesvc = server(storagesvcPort, storagesvcAsked);
		warmUp.get(MARGIN.toMillis(), TimeUnit.MILLISECONDS);

		assertThat(storagesvcAsked).containsExactly("/actuator/health/readiness");
		assertThat(booksvcAsked).containsExactly("/");
	}

	@Test
	void warmsUpWithoutStoragesvcOnceTheWaitIsOver() {
		Duration wait = Duration.ofMillis(300);
		long start = System.nanoTime();

		warmUp(wait).run(null);

		assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(wait, wait.plus(MARGIN));
		assertThat(booksvcAsked).containsExactly("/");
	}

	@Test
	void doesNothingWhenOff() {
		new WarmUp(context(), new WarmUpProperties(false, Duration.ofSeconds(30)), storagesvcSettings()).run(null);

		assertThat(booksvcAsked).isEmpty();
		assertThat(storagesvcAsked).isEmpty();
	}

	private WarmUp warmUp(Duration storagesvcWait) {
		return new WarmUp(context(), new WarmUpProperties(true, storagesvcWait), storagesvcSettings());
	}

	private WebServerApplicationContext context() {
		WebServerApplicationContext context = mock(WebServerApplicationContext.class, RETURNS_DEEP_STUBS);
		when(context.getWebServer().getPort()).thenReturn(booksvc.getAddress().getPort());
		return context;
	}

	private StoragesvcProperties storagesvcSettings() {
		return new StoragesvcProperties(URI.create("http://localhost:" + storagesvcPort), Duration.ofMillis(250),
				Duration.ofSeconds(1), Duration.ofSeconds(2), 50, DataSize.ofMegabytes(1));
	}

	/** Answers 503 to everything, as a storagesvc without its database would: an answer all the same. */
	private static HttpServer server(int port, List<String> asked) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("localhost", port), 0);
			server.createContext("/", exchange -> {
				asked.add(exchange.getRequestURI().getPath());
				exchange.sendResponseHeaders(503, -1);
				exchange.close();
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
