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
 * unless the caller sets {@code BOOKSVC_PORT} / {@code STORAGESVC_PORT}; for a service scaled to
 * several containers, a range of them ({@link #freePortRange}), each container's port then read
 * back with {@link #hostPort}.
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

	/** booksvc's host port, when {@code BOOKSVC_PORT} is one port (not a range, see {@link #hostPort}). */
	public int booksvcPort() {
		return singlePort("BOOKSVC_PORT");
	}

	public int storagesvcPort() {
		return singlePort("STORAGESVC_PORT");
	}

	/**
	 * The host port that container {@code index} of {@code service} (1, 2, … as compose numbers them)
	 * publishes {@code containerPort} on: {@code docker compose port --index}, the same in compose v1
	 * and v2. Where the file publishes the service on a range of host ports, Docker binds each
	 * container to a free one of the range, and only this tells which.
	 */
	public int hostPort(String service, int index, int containerPort) {
		return parseHostPort(run("port", "--index", String.valueOf(index), service, String.valueOf(containerPort)));
	}

	/**
	 * The id of container {@code index} of {@code service}, running or stopped, for {@code docker
	 * inspect}, {@code docker exec} or {@code docker logs} on one replica: found by the labels compose
	 * v1 and v2 both set (their container names differ, {@code _1} and {@code -1}, and their
	 * {@code ps} lists stopped containers or not).
	 */
	public String container(String service, int index) {
		String ids = command("docker", "ps", "-a", "-q", "--no-trunc",
				"--filter", "label=com.docker.compose.project=" + project,
				"--filter", "label=com.docker.compose.service=" + service,
				"--filter", "label=com.docker.compose.container-number=" + index)
			.strip();
		if (ids.isEmpty() || ids.contains("\n")) {
			throw new IllegalStateException("not one container " + index + " of " + service + ": [" + ids + "]");
		}
		return ids;
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

	/**
	 * {@code count} consecutive ports nothing listens on now, as compose reads a range of host ports:
	 * {@code "P-Q"}. For a service scaled to {@code count} containers: each gets one of them.
	 */
	public static String freePortRange(int count) {
		for (int attempt = 0; attempt < 100; attempt++) {
			int first = freePort();
			if (first + count - 1 <= 65535 && allFree(first, count)) {
				return first + "-" + (first + count - 1);
			}
		}
		throw new IllegalStateException("no " + count + " consecutive free ports found");
	}

	/**
	 * The port in {@code docker compose port}'s answer, {@code 127.0.0.1:49153} or {@code [::1]:49153}:
	 * its last line, below any warning compose printed.
	 */
	static int parseHostPort(String output) {
		String[] lines = output.strip().split("\n");
		String address = lines[lines.length - 1].strip();
		int colon = address.lastIndexOf(':');
		int port = (colon < 0) ? 0 : Integer.parseInt("0" + address.substring(colon + 1));
		if (port == 0) {
			throw new IllegalStateException("no published port in: [" + output + "]");
		}
		return port;
	}

	private static boolean allFree(int first, int count) {
		List<ServerSocket> held = new ArrayList<>();
		try {
			for (int port = first; port < first + count; port++) {
				held.add(new ServerSocket(port));
			}
			return true;
		}
		catch (IOException ex) {
			return false;
		}
		finally {
			for (ServerSocket socket : held) {
				try {
					socket.close();
				}
				catch (IOException ex) {
					// it was only held to prove the port free
				}
			}
		}
	}

	private int singlePort(String variable) {
		String value = environment.get(variable);
		if (value.contains("-")) {
			throw new IllegalStateException(variable + " is a range (" + value + "): ask hostPort(service, index, port)");
		}
		return Integer.parseInt(value);
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
