package com.example.benchmark;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * An open-model load for the ablation: requests at a constant rate, whether earlier ones have
 * answered or not (a slow booksvc cannot slow its callers down), each on a virtual thread of its
 * own and given up on after 5 s ("no answer"). Bounded: it stops after its duration, and waits for
 * the last answers at most 5 s more.
 */
final class Load {

	static final Duration GIVE_UP = Duration.ofSeconds(5);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	/** One request: when it was sent (ms from the load's start), its status (0: no answer), source, time taken. */
	record Answer(long sentAt, int status, String source, double millis) {

		boolean live() {
			return status == 200 && "storagesvc".equals(source);
		}

	}

	/** {@code rate} requests a second for {@code duration}, the n-th to {@code url.apply(n)}. */
	List<Answer> run(int rate, Duration duration, IntFunction<String> url) {
		ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
		long start = System.nanoTime();
		long total = rate * duration.toMillis() / 1000;
		try (ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
				ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int n = 0; n < total; n++) {
				int request = n;
				clock.schedule(() -> callers.submit(() -> answers.add(send(url.apply(request), start))),
						n * 1_000_000_000L / rate, TimeUnit.NANOSECONDS);
			}
			clock.shutdown();
			awaitTermination(clock, duration.plusSeconds(1));
			callers.shutdown();
			awaitTermination(callers, GIVE_UP.plusSeconds(1));
		}
		return new ArrayList<>(answers);
	}

	private Answer send(String url, long loadStart) {
		long sent = System.nanoTime();
		long sentAt = (sent - loadStart) / 1_000_000;
		try {
			HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(GIVE_UP).build(),
					HttpResponse.BodyHandlers.discarding());
			return new Answer(sentAt, response.statusCode(), response.headers().firstValue("X-Data-Source").orElse(""),
					(System.nanoTime() - sent) / 1e6);
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			return new Answer(sentAt, 0, "", (System.nanoTime() - sent) / 1e6);
		}
	}

	private static void awaitTermination(ExecutorService executor, Duration limit) {
		try {
			if (!executor.awaitTermination(limit.toMillis(), TimeUnit.MILLISECONDS)) {
				executor.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			executor.shutdownNow();
			Thread.currentThread().interrupt();
		}
	}

}
