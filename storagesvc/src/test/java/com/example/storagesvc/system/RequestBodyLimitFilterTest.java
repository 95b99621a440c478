package com.example.storagesvc.system;

import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletRequest;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RequestBodyLimitFilterTest {

	private static final int LIMIT = 1024;

	private final List<Exception> resolved = new ArrayList<>();

	private final HandlerExceptionResolver problems = (request, response, handler, ex) -> {
		resolved.add(ex);
		return new ModelAndView();
	};

	private final RequestBodyLimitFilter filter = new RequestBodyLimitFilter(
			new RequestBodyLimitProperties(DataSize.ofBytes(LIMIT)), problems);

	private final List<ServletRequest> passedOn = new ArrayList<>();

	@Test
	void declaredLengthOverTheLimitIsRefusedWithoutReadingOrPassingOn() throws Exception {
		MockHttpServletRequest request = post(new byte[LIMIT + 1]);

		filter.doFilter(request, new MockHttpServletResponse(), passOn());

		assertThat(passedOn).isEmpty();
		assertThat(resolved).singleElement().isInstanceOf(RequestBodyTooLargeException.class);
		assertThat(request.getInputStream().available()).isEqualTo(LIMIT + 1);
	}

	@Test
	void bodyWithoutLengthFailsOneBytePastTheLimitAndReadsNoFurther() throws Exception {
		MockHttpServletRequest request = chunked(new byte[10 * LIMIT]);
		filter.doFilter(request, new MockHttpServletResponse(), passOn());

		assertThatExceptionOfType(RequestBodyTooLargeException.class)
			.isThrownBy(() -> passedOn.get(0).getInputStream().readAllBytes())
			.satisfies(tooLarge -> assertThat(tooLarge.getStatusCode().value()).isEqualTo(413));
		assertThat(request.getInputStream().available()).isEqualTo(10 * LIMIT - (LIMIT + 1));
		assertThat(resolved).isEmpty();
	}

	@Test
	void bodyOfExactlyTheLimitIsReadInFull() throws Exception {
		filter.doFilter(chunked(new byte[LIMIT]), new MockHttpServletResponse(), passOn());

		assertThat(passedOn.get(0).getInputStream().readAllBytes()).hasSize(LIMIT);
	}

	@Test
	void bodyReadAsTextIsLimitedToo() throws Exception {
		filter.doFilter(chunked(new byte[2 * LIMIT]), new MockHttpServletResponse(), passOn());

		assertThatExceptionOfType(RequestBodyTooLargeException.class)
			.isThrownBy(() -> passedOn.get(0).getReader().transferTo(Writer.nullWriter()));
	}

	private FilterChain passOn() {
		return (request, response) -> passedOn.add(request);
	}

	private static MockHttpServletRequest post(byte[] body) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/books");
		request.setContent(body);
		return request;
	}

	/** As Tomcat reports a chunked body: no length known. */
	private static MockHttpServletRequest chunked(byte[] body) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/books") {

			@Override
			public long getContentLengthLong() {
				return -1;
			}

		};
		request.setContent(body);
		return request;
	}

}
