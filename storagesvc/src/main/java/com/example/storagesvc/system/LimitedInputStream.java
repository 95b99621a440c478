package com.example.storagesvc.system;

import java.io.IOException;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;

/** A request body that fails once it grows past the limit, having read at most one byte beyond it. */
final class LimitedInputStream extends ServletInputStream {

	private final ServletInputStream body;

	private final long limit;

	private long count;

	LimitedInputStream(ServletInputStream body, long limit) {
		this.body = body;
		this.limit = limit;
	}

	@Override
	public int read() throws IOException {
		requireWithinLimit();
		int read = body.read();
		if (read != -1) {
			counted(1);
		}
		return read;
	}

	@Override
	public int read(byte[] buffer, int offset, int length) throws IOException {
		requireWithinLimit();
		// One byte past the limit is enough to know the body is too large.
		int read = body.read(buffer, offset, (int) Math.min(length, limit - count + 1));
		if (read > 0) {
			counted(read);
		}
		return read;
	}

	private void counted(int read) throws RequestBodyTooLargeException {
		count += read;
		requireWithinLimit();
	}

	private void requireWithinLimit() throws RequestBodyTooLargeException {
		if (count > limit) {
			throw new RequestBodyTooLargeException(limit);
		}
	}

	@Override
	public int available() throws IOException {
		return body.available();
	}

	@Override
	public boolean isFinished() {
		return body.isFinished();
	}

	@Override
	public boolean isReady() {
		return body.isReady();
	}

	@Override
	public void setReadListener(ReadListener listener) {
		body.setReadListener(listener);
	}

	@Override
	public void close() throws IOException {
		body.close();
	}

}
