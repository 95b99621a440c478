package com.example.booksvc.book;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.example.booksvc.storagesvc.StoragesvcProperties;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.stereotype.Component;

/**
 * One {@code GET /} to booksvc itself once it has started, before it reports ready: the request
 * path's first use (class loading, the first connection to storagesvc, the JIT's first profiles)
 * is paid here, not by the first caller, and the last good answer is in the cache from the start.
 * It never fails the start: whatever the answer, it is logged.
 */
@Component
@ConditionalOnProperty(name = "booksvc.warm-up", havingValue = "true")
class WarmUp implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(WarmUp.class);

	private final WebServerApplicationContext context;

	private final Duration timeout;

	WarmUp(WebServerApplicationContext context, StoragesvcProperties storagesvc) {
		this.context = context;
		// every answer comes within the latency budget; a second more for the first one's own cold path
		this.timeout = storagesvc.latencyBudget().plusSeconds(1);
	}

	@Override
	public void run(ApplicationArguments args) {
		URI self = URI.create("http://localhost:" + context.getWebServer().getPort() + "/");
		long start = System.nanoTime();
		try (HttpClient http = HttpClient.newHttpClient()) {
			HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(self).timeout(timeout).build(),
					HttpResponse.BodyHandlers.discarding());
			log.info("Warmed up: GET / answered {} ({}) in {} ms", answer.statusCode(),
					answer.headers().firstValue(BookController.DATA_SOURCE).orElse("no source"),
					(System.nanoTime() - start) / 1_000_000);
		}
		catch (IOException ex) {
			log.warn("Warm-up GET / failed, the first caller pays for the cold path: {}", ex.toString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
