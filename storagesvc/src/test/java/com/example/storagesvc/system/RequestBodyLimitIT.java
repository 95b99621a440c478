package com.example.storagesvc.system;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import com.example.storagesvc.PostgresContainerConfiguration;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The body limit against the real Tomcat, over a plain socket: no HTTP client sends a body shorter
 * than its Content-Length, or lets a test pick chunked encoding.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(PostgresContainerConfiguration.class)
class RequestBodyLimitIT {

	private static final int LIMIT = 64 * 1024;

	private static final int SEEDED_BOOKS = 22;

	private static final String NEW_ISBN = "978-0-14-143997-6";

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcTemplate jdbc;

	@Test
	void declaredOversizedBodyIsRefusedBeforeItIsRead() throws IOException {
		try (RawHttp http = new RawHttp(port)) {
			// only the body's first bytes are ever sent: an answer proves nothing waited for the rest
			http.send("""
					POST /books HTTP/1.1\r
					Host: localhost\r
					Content-Type: application/json\r
					Content-Length: 1000000\r
					\r
					{"title": \"""");

			RawHttp.Response response = http.response();

			assertTooLarge(response);
		}
	}

	@Test
	void chunkedBodyIsCutOffOnceItPassesTheLimit() throws IOException {
		try (RawHttp http = new RawHttp(port)) {
			http.sendChunked("/books", book("x".repeat(4 * LIMIT)));

			assertTooLarge(http.response());
		}
	}

	@Test
	void chunkedBodyWithinTheLimitIsReadInFull() throws IOException {
		try (RawHttp http = new RawHttp(port)) {
			http.sendChunked("/books", book("x".repeat(LIMIT - 200)));

			RawHttp.Response response = http.response();

			assertThat(response.status()).isEqualTo(400);
			assertThat(JsonPath.<String>read(response.body(), "$.detail")).isEqualTo("Invalid fields: description");
		}
	}

	private void assertTooLarge(RawHttp.Response response) {
		assertThat(response.status()).isEqualTo(413);
		assertThat(response.headers()).containsEntry("content-type", "application/problem+json");
		assertThat(JsonPath.<String>read(response.body(), "$.title")).isEqualTo("Request body too large");
		assertThat(JsonPath.<String>read(response.body(), "$.detail")).contains(String.valueOf(LIMIT));
		assertThat(jdbc.queryForObject("SELECT count(*) FROM book", Integer.class)).isEqualTo(SEEDED_BOOKS);
	}

	private static String book(String description) {
		return """
				{"title": "The Time Machine", "author": "H. G. Wells", "isbn": "%s", "publishedYear": 1895, "description": "%s"}"""
			.formatted(NEW_ISBN, description);
	}

	/** One HTTP/1.1 exchange written and read by hand. */
	private static final class RawHttp implements AutoCloseable {

		record Response(int status, Map<String, String> headers, String body) {
		}

		private final Socket socket;

		RawHttp(int port) throws IOException {
			socket = new Socket("localhost", port);
			socket.setSoTimeout(10_000);
		}

		void send(String text) throws IOException {
			OutputStream out = socket.getOutputStream();
			out.write(text.getBytes(StandardCharsets.UTF_8));
			out.flush();
		}

		void sendChunked(String path, String body) throws IOException {
			send("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
					+ "Transfer-Encoding: chunked\r\n\r\n");
			for (int start = 0; start < body.length(); start += 8192) {
				String chunk = body.substring(start, Math.min(body.length(), start + 8192));
				send(Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n");
			}
			send("0\r\n\r\n");
		}

		/** The status, headers and body; a chunked body is read chunk by chunk up to the last one. */
		Response response() throws IOException {
			InputStream in = socket.getInputStream();
			int status = Integer.parseInt(line(in).split(" ")[1]);
			Map<String, String> headers = new HashMap<>();
			for (String header = line(in); !header.isEmpty(); header = line(in)) {
				String[] nameAndValue = header.split(":", 2);
				headers.put(nameAndValue[0].toLowerCase(Locale.ROOT), nameAndValue[1].strip());
			}
			ByteArrayOutputStream body = new ByteArrayOutputStream();
			if ("chunked".equals(headers.get("transfer-encoding"))) {
				for (int size = Integer.parseInt(line(in), 16); size > 0; size = Integer.parseInt(line(in), 16)) {
					body.write(in.readNBytes(size));
					line(in);
				}
			}
			else {
				body.write(in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0"))));
			}
			return new Response(status, headers, body.toString(StandardCharsets.UTF_8));
		}

		private static String line(InputStream in) throws IOException {
			StringBuilder line = new StringBuilder();
			for (int c = in.read(); c != '\n'; c = in.read()) {
				if (c == -1) {
					throw new IOException("Connection closed mid-line after: " + line);
				}
				if (c != '\r') {
					line.append((char) c);
				}
			}
			return line.toString();
		}

		@Override
		public void close() throws IOException {
			socket.close();
		}

	}

}
