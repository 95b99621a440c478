package com.example.booksvc.storagesvc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.mock.http.client.MockClientHttpRequest;
import org.springframework.mock.http.client.MockClientHttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ResponseSizeLimitTest {

	private final ResponseSizeLimit limit = new ResponseSizeLimit(10);

	@Test
	void aBodyWithinTheLimitReadsWhole() throws IOException {
		try (ClientHttpResponse response = respond("0123456789", -1)) {
			assertThat(response.getBody().readAllBytes()).asString(StandardCharsets.UTF_8).isEqualTo("0123456789");
		}
	}

	@Test
	void oneByteOverTheLimitFailsTheRead() throws IOException {
		try (ClientHttpResponse response = respond("0123456789x", -1)) {
			assertThatExceptionOfType(ResponseSizeLimit.TooLargeException.class)
				.isThrownBy(() -> response.getBody().readAllBytes());
		}
	}

	@Test
	void aDeclaredLengthOverTheLimitFailsBeforeAnyRead() throws IOException {
		try (ClientHttpResponse response = respond("01234567890123456789", 20)) {
			assertThatExceptionOfType(ResponseSizeLimit.TooLargeException.class).isThrownBy(response::getBody);
		}
	}

	@Test
	void closingAfterTheLimitReadsNothingMore() throws IOException {
		AtomicInteger reads = new AtomicInteger();
		InputStream endless = new InputStream() {

			@Override
			public int read() {
				reads.incrementAndGet();
				return ' ';
			}

		};
		ClientHttpResponse response = respond(endless, -1);
		assertThatExceptionOfType(ResponseSizeLimit.TooLargeException.class)
			.isThrownBy(() -> response.getBody().readAllBytes());
		int readsAtTheLimit = reads.get();

		response.close();

		assertThat(reads.get()).isEqualTo(readsAtTheLimit).isEqualTo(11);
	}

	private ClientHttpResponse respond(String body, long contentLength) throws IOException {
		return respond(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), contentLength);
	}

	private ClientHttpResponse respond(InputStream body, long contentLength) throws IOException {
		MockClientHttpResponse response = new MockClientHttpResponse(body, HttpStatus.OK);
		if (contentLength >= 0) {
			response.getHeaders().setContentLength(contentLength);
		}
		return limit.intercept(new MockClientHttpRequest(HttpMethod.GET, "/books"), new byte[0], (request, bytes) -> response);
	}

}
