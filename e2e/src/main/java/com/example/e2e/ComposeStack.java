package com.example.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The project's docker-compose.yml, driven through the {@code docker compose} CLI as a person
 * would, under a project name of its own so that it never meets a stack already running. The
 * settings a user could have exported (bind address, chaos, Grafana's password) are cleared, so
 * that the file's own defaults are what runs, unless the caller sets them. Host ports are free ones
 * unless the caller sets {@code BOOKSVC_PORT} / {@code STORAGESVC_PORT}.
 */
public final class ComposeStack {

	private static final List<String> USER_SETTINGS = List.of("BIND_ADDRESS", "CHAOS_ENDPOINT_ENABLED",
			"GRAFANA_ADMIN_PASSWORD", "POSTGRES_USER", "POSTGRES_DB", "STORAGESVC_DB_USER");

	private final String project;

	private final Path root = ProjectRoot.path();

	private final Map<String, String> environment = new HashMap<>();

	public ComposeStack(String project) {
		this(project, Map.of());
	}

	/** With these variables set for every {@code docker compose} command, as a user would export them. */
	public ComposeStack(String project, Map<String, String> environment) {
		this.project = project;
		this.environment.put("BOOKSVC_PORT", String.valueOf(freePort()));
		this.environment.put("STORAGESVC_PORT", String.valueOf(freePort()));
		this.environment.putAll(environment);
	}

	public int booksvcPort() {
		return Integer.parseInt(environment.get("BOOKSVC_PORT"));
	}

	public int storagesvcPort() {
		return Integer.parseInt(environment.get("STORAGESVC_PORT"));
	}

	/** Runs {@code docker compose <args>} (2 minutes at most) and returns its output; fails on a non-zero exit. */
	public String run(String... args) {
		return run(Duration.ofMinutes(2), args);
	}

	public String run(Duration timeout, String... args) {
		List<String> command = new ArrayList<>(List.of("docker", "compose", "-p", project, "-f",
				root.resolve("docker-compose.yml").toString()));
		command.addAll(List.of(args));
		return execute(command, timeout);
	}

	/** Runs another command ({@code docker inspect}, a script) in the project's root, with the same environment. */
	public String command(String... command) {
		return command(Duration.ofMinutes(1), command);
	}

	/** As {@link #command(String...)}, killed with its descendants after {@code timeout}. */
	public String command(Duration timeout, String... command) {
		return execute(List.of(command), timeout);
	}

	/** A port nothing listens on now, for a service to publish. */
	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private String execute(List<String> command, Duration timeout) {
		ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
		builder.environment().keySet().removeAll(USER_SETTINGS);
		builder.environment().putAll(environment);
		try {
			Process process = builder.start();
			// Read on another thread, so that the timeout below holds even when the process never ends.
			ProcessOutput output = ProcessOutput.collect(process);
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				kill(process);
				throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout
						+ "; its output so far:\n" + output.soFar());
			}
			String text = output.all();
			if (process.exitValue() != 0) {
				throw new IllegalStateException(String.join(" ", command) + " failed:\n" + text);
			}
			return text;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** The process and everything it started: docker compose's own children would outlive it otherwise. */
	private static void kill(Process process) throws InterruptedException {
		List<ProcessHandle> descendants = process.descendants().toList();
		descendants.forEach(ProcessHandle::destroyForcibly);
		process.destroyForcibly();
		process.waitFor(10, TimeUnit.SECONDS);
		for (ProcessHandle descendant : descendants) {
			descendant.onExit().completeOnTimeout(descendant, 10, TimeUnit.SECONDS).join();
		}
	}

}
