package com.example.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** A process's output, read on a thread of its own while the process runs. */
final class ProcessOutput {

	private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

	private final Thread reader;

	private ProcessOutput(InputStream stream) {
		this.reader = Thread.ofVirtual().unstarted(() -> copy(stream));
	}

	static ProcessOutput collect(Process process) {
		ProcessOutput output = new ProcessOutput(process.getInputStream());
		output.reader.start();
		return output;
	}

	/** Everything, once the process has ended: its stream is then read to the end. */
	String all() throws InterruptedException {
		reader.join(TimeUnit.SECONDS.toMillis(10));
		return soFar();
	}

	String soFar() {
		synchronized (bytes) {
			return bytes.toString(StandardCharsets.UTF_8);
		}
	}

	private void copy(InputStream stream) {
		byte[] buffer = new byte[8192];
		try (stream) {
			for (int read = stream.read(buffer); read >= 0; read = stream.read(buffer)) {
				synchronized (bytes) {
					bytes.write(buffer, 0, read);
				}
			}
		}
		catch (IOException ex) {
			// the stream closes when the process is killed: what was read so far is the output
		}
	}

}
