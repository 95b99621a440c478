package com.example.booksvc.compose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The project's docker-compose.yml, driven through the {@code docker compose} CLI as a person
 * would, under its own project name and host ports so that it never meets a stack already running.
 */
final class ComposeStack {

	private static final Path PROJECT_ROOT = Path.of("..").toAbsolutePath().normalize();

	private final String project;

	private final int booksvcPort = freePort();

	private final int storagesvcPort = freePort();

	ComposeStack(String project) {
		this.project = project;
	}

	int booksvcPort() {
		return booksvcPort;
	}

	/** Runs {@code docker compose <args>} and returns its output; fails on a non-zero exit. */
	String run(Duration timeout, String... args) {
		List<String> command = new ArrayList<>(List.of("docker", "compose", "-p", project, "-f",
				PROJECT_ROOT.resolve("docker-compose.yml").toString()));
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).directory(PROJECT_ROOT.toFile()).redirectErrorStream(true);
		builder.environment().put("BOOKSVC_PORT", String.valueOf(booksvcPort));
		builder.environment().put("STORAGESVC_PORT", String.valueOf(storagesvcPort));
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
