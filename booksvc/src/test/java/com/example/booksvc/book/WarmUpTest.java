package com.example.booksvc.book;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.example.booksvc.storagesvc.StoragesvcProperties;
import com.example.testsupport.FixedHostPort;

import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * The warm-up's wait for storagesvc: booksvc's own {@code GET /} goes out only once storagesvc
 * answers, or once the wait is over; an answer whose body never ends holds neither the wait nor the
 * {@code GET /} past its bound. Both ends are plain HTTP servers here, so that storagesvc can start
 * late, or answer a byte at a time.
 */
class WarmUpTest {

	/** Headroom for a loaded CI machine over a poll (100 ms) and the requests themselves. */
	private static final Duration MARGIN = Duration.ofSeconds(2);

	private static final Duration SHORT_WAIT = Duration.ofSeconds(2);

	private final List<String> storagesvcAsked = new CopyOnWriteArrayList<>();

	private final List<String> booksvcAsked = new CopyOnWriteArrayList<>();

	private final List<HttpServer> servers = new CopyOnWriteArrayList<>();

	private final HttpServer booksvc = server(0, booksvcAsked);

	private final int storagesvcPort = FixedHostPort.freePort();

	/** Answers that are still trickling: each ends when the client closes it, at the latest with the test. */
	private final AtomicInteger trickling = new AtomicInteger();

	private final CountDownLatch testOver = new CountDownLatch(1);

	private final ExecutorService trickles = Executors.newCachedThreadPool();

	@AfterEach
	void stop() throws InterruptedException {
		testOver.countDown();
		servers.forEach(server -> server.stop(0));
		trickles.shutdownNow();
		assertThat(trickles.awaitTermination(5, TimeUnit.SECONDS)).as("trickling answers ended").isTrue();
	}

	@Test
	void warmsUpOnlyOnceStoragesvcAnswers() throws Exception {
		CompletableFuture<Void> warmUp = CompletableFuture.runAsync(() -> warmUp(Duration.ofSeconds(30)).run(null));

		// storagesvc is not there yet: the warm-up waits, booksvc is not asked
		await().during(Duration.ofMillis(500)).atMost(MARGIN).until(() -> !warmUp.isDone() && booksvcAsked.isEmpty());

		server(storagesvcPort, storagesvcAsked);
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
	void givesUpOnAReadinessAnswerThatNeverEndsOnceTheWaitIsOver() {
		trickling(storagesvcPort);
		long start = System.nanoTime();

		assertTimeoutPreemptively(warmUpBound(), () -> warmUp(SHORT_WAIT).run(null));

		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(SHORT_WAIT);
		assertThat(booksvcAsked).containsExactly("/");
		assertConnectionsClosedByTheWarmUp();
	}

	@Test
	void givesUpOnItsOwnAnswerThatNeverEnds() {
		server(storagesvcPort, storagesvcAsked);
		HttpServer self = trickling(0);
		long start = System.nanoTime();

		assertTimeoutPreemptively(warmUpBound(), () -> warmUp(SHORT_WAIT, self).run(null));

		assertThat(Duration.ofNanos(System.nanoTime() - start))
			.isGreaterThanOrEqualTo(WarmUp.requestBound(storagesvcSettings()));
		assertThat(storagesvcAsked).containsExactly("/actuator/health/readiness");
		assertConnectionsClosedByTheWarmUp();
	}

	/** The most a warm-up takes: the wait for storagesvc, then its own request, each bounded by total time. */
	private Duration warmUpBound() {
		return SHORT_WAIT.plus(WarmUp.requestBound(storagesvcSettings())).plus(MARGIN);
	}

	/** The server sees a closed connection on its next write or the one after: half a second each. */
	private void assertConnectionsClosedByTheWarmUp() {
		await().atMost(MARGIN).untilAsserted(() -> assertThat(trickling).hasValue(0));
	}

	@Test
	void doesNothingWhenOff() {
		new WarmUp(context(booksvc), new WarmUpProperties(false, Duration.ofSeconds(30)), storagesvcSettings(),
				new SimpleMeterRegistry()).run(null);

		assertThat(booksvcAsked).isEmpty();
		assertThat(storagesvcAsked).isEmpty();
	}

	private WarmUp warmUp(Duration storagesvcWait) {
		return warmUp(storagesvcWait, booksvc);
	}

	private WarmUp warmUp(Duration storagesvcWait, HttpServer self) {
		return new WarmUp(context(self), new WarmUpProperties(true, storagesvcWait), storagesvcSettings(),
				new SimpleMeterRegistry());
	}

	private static WebServerApplicationContext context(HttpServer self) {
		WebServerApplicationContext context = mock(WebServerApplicationContext.class, RETURNS_DEEP_STUBS);
		when(context.getWebServer().getPort()).thenReturn(self.getAddress().getPort());
		return context;
	}

	private StoragesvcProperties storagesvcSettings() {
		return new StoragesvcProperties(URI.create("http://localhost:" + storagesvcPort), Duration.ofMillis(250),
				Duration.ofSeconds(1), Duration.ofSeconds(2), 50, DataSize.ofMegabytes(1));
	}

	/** Answers 503 to everything, as a storagesvc without its database would: an answer all the same. */
	private HttpServer server(int port, List<String> asked) {
		HttpServer server = unstarted(port);
		server.createContext("/", exchange -> {
			asked.add(exchange.getRequestURI().getPath());
			exchange.sendResponseHeaders(503, -1);
			exchange.close();
		});
		server.start();
		return server;
	}

	/** Sends 200 and its headers at once, then a byte of body every half second, never the end. */
	private HttpServer trickling(int port) {
		HttpServer server = unstarted(port);
		server.setExecutor(trickles);
		server.createContext("/", exchange -> {
			trickling.incrementAndGet();
			try (exchange) {
				exchange.sendResponseHeaders(200, 0);
				OutputStream body = exchange.getResponseBody();
				while (!testOver.await(500, TimeUnit.MILLISECONDS)) {
					body.write(' ');
					body.flush();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				trickling.decrementAndGet();
			}
		});
		server.start();
		return server;
	}

	private HttpServer unstarted(int port) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("localhost", port), 0);
			servers.add(server);
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
