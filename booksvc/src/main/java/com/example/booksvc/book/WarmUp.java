package com.example.booksvc.book;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.example.booksvc.catalog.Answer;
import com.example.booksvc.storagesvc.StoragesvcProperties;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.stereotype.Component;

/**
 * Once booksvc has started, before it reports ready: waits until storagesvc answers at all, then
 * sends one {@code GET /} to booksvc itself (two if the first attempt outlasted the time limit).
 * The request path's first use (class loading, the first connection to storagesvc, the JIT's first
 * profiles) is paid here, not by the first caller, and the last good answer is in the cache from
 * the start.
 * <p>
 * The wait lets booksvc start beside storagesvc instead of after it (docker-compose.yml): without
 * it, a booksvc up first would send its warm-up and its first callers to a storagesvc still
 * starting, and their failures would open the breaker. The wait goes around the policies (a plain
 * request to storagesvc's readiness, any HTTP status will do: a storagesvc whose database is down
 * answers too), so it counts for nothing in the breaker. It is bounded: a storagesvc that is gone
 * delays booksvc's readiness by {@code booksvc.warm-up.storagesvc-wait} at most, then booksvc
 * serves what its cache has. Each request is bounded by its whole answer, body included, not only
 * by its headers ({@code HttpRequest.timeout}): a peer that trickles its body a byte at a time would
 * hold the start for ever. Nothing here fails the start: whatever happens is logged.
 */
@Component
@EnableConfigurationProperties(WarmUpProperties.class)
class WarmUp implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(WarmUp.class);

	private static final Duration POLL = Duration.ofMillis(100);

	private final WebServerApplicationContext context;

	private final WarmUpProperties settings;

	private final URI storagesvcReadiness;

	private final Duration connectTimeout;

	private final Duration requestBound;

	private final MeterRegistry meters;

	WarmUp(WebServerApplicationContext context, WarmUpProperties settings, StoragesvcProperties storagesvc,
			MeterRegistry meters) {
		this.context = context;
		this.settings = settings;
		this.storagesvcReadiness = storagesvc.baseUrl().resolve("/actuator/health/readiness");
		this.connectTimeout = storagesvc.connectTimeout();
		this.requestBound = requestBound(storagesvc);
		this.meters = meters;
	}

	static Duration requestBound(StoragesvcProperties storagesvc) {
		// every answer comes within the latency budget; a second more for the first one's own cold path
		return storagesvc.latencyBudget().plusSeconds(1);
	}

	@Override
	public void run(ApplicationArguments args) {
		if (!settings.enabled()) {
			return;
		}
		try (HttpClient http = HttpClient.newBuilder().connectTimeout(connectTimeout).build()) {
			awaitStoragesvc(http);
			warmUp(http);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void awaitStoragesvc(HttpClient http) throws InterruptedException {
		long start = System.nanoTime();
		long giveUp = start + settings.storagesvcWait().toNanos();
		HttpRequest probe = HttpRequest.newBuilder(storagesvcReadiness).build();
		IOException failure;
		do {
			try {
				Duration bound = Duration.ofNanos(Math.min(requestBound.toNanos(), giveUp - System.nanoTime()));
				int status = send(http, probe, bound).statusCode();
				log.info("storagesvc answered {} after {} ms", status, millisSince(start));
				return;
			}
			catch (IOException ex) {
				failure = ex;
			}
			TimeUnit.NANOSECONDS.sleep(Math.min(POLL.toNanos(), giveUp - System.nanoTime()));
		}
		while (System.nanoTime() - giveUp < 0);
		log.warn("storagesvc did not answer within {}; warming up without it: {}", settings.storagesvcWait(),
				failure.toString());
	}

	/**
	 * One {@code GET /}; once more if its attempt outlasted the time limit: the cold path's first use
	 * (the first connection, Jackson's first list of books) can, on a loaded machine, and a timed-out
	 * attempt is not retried. The second finds the path warm. Any other answer is taken as it is.
	 */
	private void warmUp(HttpClient http) throws InterruptedException {
		URI self = URI.create("http://localhost:" + context.getWebServer().getPort() + "/");
		double timeoutsBefore = attemptTimeouts();
		if (!getSelf(http, self) && attemptTimeouts() > timeoutsBefore) {
			log.info("The warm-up's attempt outlasted the time limit on the cold path: GET / once more");
			getSelf(http, self);
		}
	}

	/** Whether booksvc answered {@code GET /} live. */
	private boolean getSelf(HttpClient http, URI self) throws InterruptedException {
		long start = System.nanoTime();
		try {
			HttpResponse<Void> answer = send(http, HttpRequest.newBuilder(self).build(), requestBound);
			String source = answer.headers().firstValue(AnswerHeaders.DATA_SOURCE).orElse("no source");
			log.info("Warmed up: GET / answered {} ({}) in {} ms", answer.statusCode(), source, millisSince(start));
			return answer.statusCode() == 200 && Answer.Source.STORAGESVC.headerValue().equals(source);
		}
		catch (IOException ex) {
			log.warn("Warm-up GET / failed, the first caller pays for the cold path: {}", ex.toString());
			return false;
		}
	}

	/** storagesvc attempts the time limiter gave up on so far (resilience4j's own count). */
	private double attemptTimeouts() {
		Counter timeouts = meters.find("resilience4j.timelimiter.calls").tag("kind", "timeout").counter();
		return (timeouts != null) ? timeouts.count() : 0;
	}

	/** The whole answer within {@code bound}, else the exchange is cancelled (its connection closed). */
	private static HttpResponse<Void> send(HttpClient http, HttpRequest request, Duration bound)
			throws IOException, InterruptedException {
		CompletableFuture<HttpResponse<Void>> answer = http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
		try {
			return answer.get(bound.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			answer.cancel(true);
			throw new HttpTimeoutException("no whole answer from " + request.uri() + " within " + bound);
		}
		catch (InterruptedException ex) {
			answer.cancel(true);
			throw ex;
		}
		catch (ExecutionException ex) {
			throw ex.getCause() instanceof IOException failure ? failure : new IOException(ex.getCause());
		}
	}

	private static long millisSince(long start) {
		return (System.nanoTime() - start) / 1_000_000;
	}

}
