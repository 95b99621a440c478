package com.example.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.example.e2e.ComposeStack;

/** The compose stack under test, driven through the docker CLI, and what its services report. */
final class Stack {

	private static final String PROJECT = "resilience-demo-benchmark";

	final String booksvc;

	final String storagesvc;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	/** The project's compose file, with storagesvc's /chaos (off by default), which the slow-peer phase uses. */
	private final ComposeStack stack;

	Stack(String booksvc, String storagesvc) {
		this.booksvc = booksvc;
		this.storagesvc = storagesvc;
		this.stack = project(Map.of());
	}

	/** The benchmark's compose project, with these variables set besides its own. */
	private ComposeStack project(Map<String, String> variables) {
		Map<String, String> environment = new HashMap<>(Map.of("CHAOS_ENDPOINT_ENABLED", "true",
				"BOOKSVC_PORT", port(booksvc), "STORAGESVC_PORT", port(storagesvc)));
		environment.putAll(variables);
		return new ComposeStack(PROJECT, environment);
	}

	private static String port(String url) {
		return String.valueOf(URI.create(url).getPort());
	}

	void compose(String... args) {
		stack.run(Duration.ofMinutes(15), args);
	}

	/**
	 * booksvc recreated with these profiles of its ablation.yml ("" for none), the rest of the stack
	 * as it is, and awaited until it is ready (its warm-up done).
	 */
	void restartBooksvc(String profiles) {
		project(Map.of("BOOKSVC_PROFILES", profiles)).run(Duration.ofMinutes(2), "up", "-d", "--no-deps", "booksvc");
		await(Duration.ofMinutes(2), () -> status(booksvc + "/actuator/health/readiness") == 200);
	}

	/**
	 * storagesvc recreated with at most this many book requests in flight (its
	 * storagesvc.load-shedding.max-concurrent-calls, through benchmark/storagesvc-shedding.compose.yml),
	 * the rest of the stack as it is, and awaited until it is ready.
	 */
	void restartStoragesvc(int maxConcurrentCalls) {
		project(Map.of("STORAGESVC_MAX_CONCURRENT_CALLS", String.valueOf(maxConcurrentCalls))).command(Duration.ofMinutes(2),
				"docker", "compose", "-p", PROJECT, "-f", "docker-compose.yml", "-f", "benchmark/storagesvc-shedding.compose.yml",
				"up", "-d", "--no-deps", "storagesvc");
		await(Duration.ofMinutes(2), () -> status(storagesvc + "/actuator/health/readiness") == 200);
	}

	/** storagesvc recreated as docker-compose.yml alone makes it. */
	void restartStoragesvcAsShipped() {
		stack.run(Duration.ofMinutes(2), "up", "-d", "--no-deps", "storagesvc");
		await(Duration.ofMinutes(2), () -> status(storagesvc + "/actuator/health/readiness") == 200);
	}

	/**
	 * Builds the images (not timed), then starts the stack from fresh volumes as a user would,
	 * {@code docker compose up -d}, and times it to booksvc's first 200 on {@code GET /}.
	 */
	StartUp up() {
		compose("down", "-v", "--remove-orphans");
		compose("build");
		long start = System.nanoTime();
		compose("up", "-d");
		// booksvc's first request, once it reports ready, is timed on its own: whatever start-up left
		// to it, it pays
		await(Duration.ofMinutes(3), () -> status(booksvc + "/actuator/health/readiness") == 200);
		Answer first = get(booksvc + "/");
		if (first.status() != 200) {
			await(Duration.ofMinutes(1), () -> status(booksvc + "/") == 200);
		}
		double firstAnswerSeconds = (System.nanoTime() - start) / 1e9;
		await(Duration.ofMinutes(1), () -> status(storagesvc + "/actuator/health/readiness") == 200);
		double booksvcStartedIn = startedIn("booksvc");
		double storagesvcStartedIn = startedIn("storagesvc");
		long booksvcRss = rssMiB("booksvc");
		long storagesvcRss = rssMiB("storagesvc");
		return new StartUp(firstAnswerSeconds, first.millis(), booksvcStartedIn, storagesvcStartedIn,
				startedAlone("booksvc", booksvc), startedAlone("storagesvc", storagesvc), booksvcRss, storagesvcRss,
				imageMiB("booksvc"), imageMiB("storagesvc"));
	}

	/** The start-up as a user sees it, and each service's share: in the shared start, and alone. */
	record StartUp(double firstAnswerSeconds, double firstRequestMillis, double booksvcStartedIn,
			double storagesvcStartedIn, double booksvcStartedAlone, double storagesvcStartedAlone, long booksvcRssMiB,
			long storagesvcRssMiB, long booksvcImageMiB, long storagesvcImageMiB) {
	}

	/** A service restarted with the rest of the stack at rest: its start without another JVM's beside it. */
	private double startedAlone(String service, String url) {
		compose("restart", service);
		await(Duration.ofMinutes(1), () -> status(url + "/actuator/health/readiness") == 200);
		return startedIn(service);
	}

	/** What the service logged last as "Started … in N seconds": its JVM's start to its context being ready. */
	private double startedIn(String service) {
		Matcher started = Pattern.compile("Started \\w+ in ([\\d.]+) seconds").matcher(stack.run("logs", "--no-log-prefix", service));
		double last = Double.NaN;
		while (started.find()) {
			last = Double.parseDouble(started.group(1));
		}
		return last;
	}

	private long imageMiB(String service) {
		String bytes = stack.command("docker", "image", "inspect", "-f", "{{.Size}}", "resilience-demo/" + service).strip();
		return Long.parseLong(bytes) / (1024 * 1024);
	}

	/** One GET: status, the X-Data-Source header, milliseconds taken. */
	Answer get(String url) {
		long start = System.nanoTime();
		HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build());
		return new Answer(response.statusCode(), response.headers().firstValue("X-Data-Source").orElse(""),
				(System.nanoTime() - start) / 1_000_000.0);
	}

	record Answer(int status, String source, double millis) {
	}

	int status(String url) {
		try {
			return get(url).status();
		}
		catch (UncheckedIOException ex) {
			return -1;
		}
	}

	String body(String url) {
		return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build()).body();
	}

	/** A PUT that must succeed: a chaos setting that did not take would make a phase measure nothing. */
	void putJson(String url, String json) {
		HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(json))
			.build());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("PUT " + url + " answered " + response.statusCode() + ": " + response.body());
		}
	}

	String breakerState() {
		// storagesvc's entry: booksvc has a second breaker, the cache's "redis"
		Matcher state = Pattern.compile("\"storagesvc\":\\{[^}]*\"state\":\"([A-Z_]+)\"")
			.matcher(body(booksvc + "/actuator/circuitbreakers"));
		return state.find() ? state.group(1) : "?";
	}

	/** Sum of a counter's series in a service's Prometheus scrape, over the series containing all {@code labels}. */
	double counter(String service, String metric, String... labels) {
		return body(service + "/actuator/prometheus").lines()
			.filter(line -> line.startsWith(metric + "{") && Stream.of(labels).allMatch(line::contains))
			.mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}

	/** Resident memory of a service's JVM (PID 1 in its container), in MiB. */
	long rssMiB(String service) {
		String line = stack.run("exec", "-T", service, "grep", "VmRSS", "/proc/1/status").strip();
		return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
	}

	/** How often Docker restarted a service's container (after a crash or an OOM kill) since it was created. */
	int restarts(String service) {
		String container = stack.run("ps", "-q", service).strip();
		return Integer.parseInt(stack.command("docker", "inspect", "-f", "{{.RestartCount}}", container).strip());
	}

	/** Polls every 100 ms; returns seconds until the condition held, or fails past the limit. */
	static double await(Duration limit, BooleanSupplier condition) {
		long start = System.nanoTime();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() - start > limit.toNanos()) {
				throw new IllegalStateException("not reached within " + limit);
			}
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		return (System.nanoTime() - start) / 1e9;
	}

	private HttpResponse<String> send(HttpRequest request) {
		try {
			return http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** A step of a timetable, not a wait for a state (that is {@link #await}). */
	static void pause(Duration duration) {
		if (duration.isPositive()) {
			try {
				Thread.sleep(duration);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

}
