package com.example.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** A command that hangs is given up on at its timeout, killed with its children, and its output reported. */
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

}
