package com.example.booksvc.compose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The project's docker-compose.yml, driven through the {@code docker compose} CLI as a person
 * would, under its own project name and host ports so that it never meets a stack already running.
 * The settings a user could have exported (bind address, chaos, Grafana's password) are cleared, so
 * that the file's own defaults are what runs, unless a test sets them.
 */
final class ComposeStack {

	static final Path PROJECT_ROOT = Path.of("..").toAbsolutePath().normalize();

	private static final List<String> USER_SETTINGS = List.of("BIND_ADDRESS", "CHAOS_ENDPOINT_ENABLED",
			"GRAFANA_ADMIN_PASSWORD", "POSTGRES_USER", "POSTGRES_DB", "STORAGESVC_DB_USER");

	private final String project;

	private final Map<String, String> environment;

	private final int booksvcPort = freePort();

	private final int storagesvcPort = freePort();

	ComposeStack(String project) {
		this(project, Map.of());
	}

	/** With these variables set for every {@code docker compose} command, as a user would export them. */
	ComposeStack(String project, Map<String, String> environment) {
		this.project = project;
		this.environment = Map.copyOf(environment);
	}

	int booksvcPort() {
		return booksvcPort;
	}

	int storagesvcPort() {
		return storagesvcPort;
	}

	/** Runs {@code docker compose <args>} and returns its output; fails on a non-zero exit. */
	String run(Duration timeout, String... args) {
		List<String> command = new ArrayList<>(List.of("docker", "compose", "-p", project, "-f",
				PROJECT_ROOT.resolve("docker-compose.yml").toString()));
		command.addAll(List.of(args));
		return execute(command, timeout);
	}

	/** Runs another command ({@code docker inspect}, a script) in the project's root, with the same environment. */
	String command(String... command) {
		return execute(List.of(command), Duration.ofMinutes(1));
	}

	private String execute(List<String> command, Duration timeout) {
		ProcessBuilder builder = new ProcessBuilder(command).directory(PROJECT_ROOT.toFile()).redirectErrorStream(true);
		builder.environment().keySet().removeAll(USER_SETTINGS);
		builder.environment().put("BOOKSVC_PORT", String.valueOf(booksvcPort));
		builder.environment().put("STORAGESVC_PORT", String.valueOf(storagesvcPort));
		builder.environment().putAll(environment);
		try {
			Process process = builder.start();
			// Read while it runs: a full pipe would block a chatty build.
			var output = process.getInputStream().readAllBytes();
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout);
			}
			String text = new String(output, StandardCharsets.UTF_8);
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

	String run(String... args) {
		return run(Duration.ofMinutes(2), args);
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
