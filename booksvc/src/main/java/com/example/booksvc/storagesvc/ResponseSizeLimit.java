package com.example.booksvc.storagesvc;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import org.apache.hc.core5.http.io.EofSensorInputStream;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Reads at most {@code limit} bytes of any response body; a larger one is a malformed answer, read
 * no further. Closing a response does not read the rest of a large body either (the HTTP client's
 * default, to keep the connection): past the limit the connection is discarded instead.
 */
record ResponseSizeLimit(long limit) implements ClientHttpRequestInterceptor {

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		return new Bounded(execution.execute(request, body), limit);
	}

	/** Thrown while reading past the limit; the HTTP message converters report it as a failed read. */
	static final class TooLargeException extends IOException {

		TooLargeException(long limit) {
			super("response body larger than " + limit + " bytes");
		}

	}

	private static final class Bounded implements ClientHttpResponse {

		private final ClientHttpResponse response;

		private final long limit;

		private BoundedBody body;

		Bounded(ClientHttpResponse response, long limit) {
			this.response = response;
			this.limit = limit;
		}

		@Override
		public InputStream getBody() throws IOException {
			if (body == null) {
				body = new BoundedBody(response.getBody(), limit);
				if (response.getHeaders().getContentLength() > limit) {
					body.abort();
				}
			}
			return body;
		}

		@Override
		public void close() {
			try {
				// Unread rest: up to the limit it may be drained to keep the connection, beyond it not.
				((BoundedBody) getBody()).skipRest();
			}
			catch (IOException ex) {
				// the connection is discarded below or already gone
			}
			response.close();
		}

		@Override
		public HttpStatusCode getStatusCode() throws IOException {
			return response.getStatusCode();
		}

		@Override
		public String getStatusText() throws IOException {
			return response.getStatusText();
		}

		@Override
		public HttpHeaders getHeaders() {
			return response.getHeaders();
		}

	}

	private static final class BoundedBody extends FilterInputStream {

		private final long limit;

		private long read;

		private boolean aborted;

		BoundedBody(InputStream body, long limit) {
			super(body);
			this.limit = limit;
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			if (aborted) {
				throw new TooLargeException(limit);
			}
			// One byte past the limit is enough to know.
			int n = super.read(buffer, offset, (int) Math.min(length, limit + 1 - read));
			if (n > 0) {
				read += n;
				if (read > limit) {
					abort();
				}
			}
			return n;
		}

		@Override
		public long skip(long n) throws IOException {
			int chunk = (int) Math.min(Math.max(n, 0), 8192);
			return Math.max(0, read(new byte[chunk], 0, chunk));
		}

		void skipRest() throws IOException {
			byte[] buffer = new byte[8192];
			while (!aborted && read(buffer, 0, buffer.length) >= 0) {
				// drained within the limit
			}
		}

		/** Closes the connection without reading on (Apache HttpClient would drain it on close). */
		void abort() throws IOException {
			aborted = true;
			if (in instanceof EofSensorInputStream sensor) {
				sensor.abort();
			}
			else {
				in.close();
			}
			throw new TooLargeException(limit);
		}

	}

}
