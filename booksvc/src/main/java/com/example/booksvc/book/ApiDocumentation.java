package com.example.booksvc.book;

import java.util.List;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.servers.Server;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document's frame: what booksvc is, and the response headers that carry meaning. */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

	static final String PROBLEM_SCHEMA = "#/components/schemas/Problem";

	static final String BAD_GATEWAY_SCHEMA = "#/components/schemas/BadGatewayProblem";

	static final String NOT_MODIFIED = "#/components/responses/NotModified";

	@Bean
	OpenAPI booksvcApi() {
		return new OpenAPI()
			.info(new Info().title("booksvc")
				.version("1")
				.description("Books from storagesvc, through retry, circuit breaker and time limiter; "
						+ "while storagesvc is unavailable, the last good answer from a Redis cache, marked as such."))
			// Relative: "Try it out" calls whichever host and port served the page.
			.servers(List.of(new Server().url("/")))
			.components(new Components()
				.addSchemas("Problem", problem("RFC 9457 problem details"))
				.addSchemas("BadGatewayProblem", problem("RFC 9457 problem details, with the status storagesvc answered")
					.addProperty("upstreamStatus", new IntegerSchema()))
				.addHeaders("X-Data-Source", header(true, new StringSchema()._enum(List.of("storagesvc", "cache")),
						"Where the answer comes from: `storagesvc` (live), or `cache` (storagesvc did not answer: the last good answer)"))
				.addHeaders("Age", header(false, new IntegerSchema(),
						"Seconds since storagesvc produced the cached answer (RFC 9111); only on answers from the cache"))
				.addHeaders("ETag", header(true, new StringSchema(),
						"Weak, of the books alone: a live and a cached answer with the same books match"))
				.addHeaders("Cache-Control", header(true, new StringSchema(),
						"`max-age`: booksvc's answer-reuse window; `stale-if-error` (RFC 5861): the oldest answer booksvc itself serves"))
				.addResponses("NotModified", new ApiResponse()
					.description("The `If-None-Match` matches: the same headers, no body")
					.addHeaderObject("X-Data-Source", headerRef("X-Data-Source"))
					.addHeaderObject("Age", headerRef("Age"))
					.addHeaderObject("ETag", headerRef("ETag"))
					.addHeaderObject("Cache-Control", headerRef("Cache-Control")))
				.addHeaders("Retry-After", header(true, new IntegerSchema(),
						"Seconds until a call may get through: the breaker's remaining wait, else storagesvc's hint; 1 for a lookup shed at the door")));
	}

	private static io.swagger.v3.oas.models.media.Schema<?> problem(String description) {
		return new ObjectSchema().description(description)
			// RFC 9457: both URI references (e.g. "/books/5"), resolved against the answer's address
			.addProperty("type", new StringSchema().format("uri-reference")._default("about:blank"))
			.addProperty("title", new StringSchema())
			.addProperty("status", new IntegerSchema())
			.addProperty("detail", new StringSchema())
			.addProperty("instance", new StringSchema().format("uri-reference"))
			.required(List.of("type", "title", "status", "detail"));
	}

	private static Header headerRef(String name) {
		return new Header().$ref("#/components/headers/" + name);
	}

	private static Header header(boolean required, io.swagger.v3.oas.models.media.Schema<?> schema, String description) {
		return new Header().required(required).schema(schema).description(description);
	}

}
