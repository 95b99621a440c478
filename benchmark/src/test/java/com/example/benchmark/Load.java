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
 * The ablation's loads. Mostly open-model: requests at a constant rate, whether earlier ones have
 * answered or not (a slow booksvc cannot slow its callers down), each on a virtual thread of its
 * own; besides, a fixed number of callers ({@link #callers}) and one caller ({@link #oneCaller}).
 * Each request is given up on after 5 s ("no answer"). Bounded: a load stops after its duration (or
 * its count), and waits for the last answers at most 5 s more.
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

	/**
	 * {@code rate} requests a second for {@code duration} from {@code callers} callers, each a virtual
	 * thread sending every {@code callers}-th request at its time, or when its previous one is
	 * answered if that is later: at most {@code callers} in flight, as from a pool of connections. A
	 * caller still behind {@link #GIVE_UP} after the duration sends no more.
	 */
	List<Answer> callers(int callers, int rate, Duration duration, IntFunction<String> url) {
		ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
		long start = System.nanoTime();
		long total = rate * duration.toMillis() / 1000;
		long last = start + duration.plus(GIVE_UP).toNanos();
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int c = 0; c < callers; c++) {
				int caller = c;
				threads.submit(() -> {
					for (long n = caller; n < total && System.nanoTime() < last; n += callers) {
						Stack.pause(Duration.ofNanos(start + n * 1_000_000_000L / rate - System.nanoTime()));
						answers.add(send(url.apply((int) n), start));
					}
				});
			}
		}
		return new ArrayList<>(answers);
	}

	/** {@code count} requests from one caller, each sent when the one before it is answered. */
	List<Answer> oneCaller(int count, IntFunction<String> url) {
		long start = System.nanoTime();
		List<Answer> answers = new ArrayList<>();
		for (int n = 0; n < count; n++) {
			answers.add(send(url.apply(n), start));
		}
		return answers;
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
