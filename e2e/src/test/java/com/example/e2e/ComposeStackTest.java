package com.example.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * A command that hangs is given up on at its timeout, killed with its children, and its output
 * reported; a range of free host ports for a scaled service, and the port compose reports back.
 */
class ComposeStackTest {

	private static final Duration TIMEOUT = Duration.ofSeconds(1);

	/** Killing the process tree and starting a JVM thread or two, on a loaded 2-core machine. */
	private static final Duration MARGIN = Duration.ofSeconds(5);

	@Test
	void hungCommandFailsAtItsTimeoutWithItsOutputAndLeavesNoChildBehind(@TempDir Path dir) throws IOException {
		Path childPid = dir.resolve("child.pid");
		ComposeStack stack = new ComposeStack("resilience-demo-unit");

		long start = System.nanoTime();
		assertThatIllegalStateException()
			.isThrownBy(() -> stack.command(TIMEOUT, "sh", "-c",
					"echo started; sleep 60 & echo $! > '" + childPid + "'; wait"))
			.withMessageContaining("did not finish within " + TIMEOUT)
			.withMessageContaining("started");
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

		assertThat(elapsed).isLessThan(TIMEOUT.plus(MARGIN));
		long pid = Long.parseLong(Files.readString(childPid).strip());
		assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("sleep, pid %d", pid).isEmpty();
	}

	@Test
	void finishedCommandReturnsAllItsOutput() {
		String output = new ComposeStack("resilience-demo-unit").command(TIMEOUT.multipliedBy(10), "sh", "-c",
				"echo one; echo two >&2");

		assertThat(output).contains("one", "two");
	}

	@Test
	void aFreePortRangeIsConsecutivePortsNothingListensOn() throws IOException {
		String[] range = ComposeStack.freePortRange(2).split("-");
		int first = Integer.parseInt(range[0]);
		int last = Integer.parseInt(range[1]);

		assertThat(last).isEqualTo(first + 1);
		try (ServerSocket one = new ServerSocket(first); ServerSocket two = new ServerSocket(last)) {
			assertThat(one.getLocalPort()).isEqualTo(first);
			assertThat(two.getLocalPort()).isEqualTo(last);
		}
	}

	@Test
	void theHostPortIsReadFromComposePortsAnswer() {
		assertThat(ComposeStack.parseHostPort("127.0.0.1:49153\n")).isEqualTo(49153);
		assertThat(ComposeStack.parseHostPort("[::1]:49153")).isEqualTo(49153);
		assertThat(ComposeStack.parseHostPort("WARNING: something: else\n127.0.0.1:49153\n")).isEqualTo(49153);
		// compose v1 prints an empty line for a port not published, v2 an error or ":0"
		assertThatIllegalStateException().isThrownBy(() -> ComposeStack.parseHostPort("\n"));
		assertThatIllegalStateException().isThrownBy(() -> ComposeStack.parseHostPort(":0"));
	}

	@Test
	void aPortRangeIsNoSinglePort() {
		ComposeStack stack = new ComposeStack("resilience-demo-unit", Map.of("BOOKSVC_PORT", "41000-41001"));

		assertThatIllegalStateException().isThrownBy(stack::booksvcPort).withMessageContaining("41000-41001");
		assertThat(stack.storagesvcPort()).isPositive();
	}

}
