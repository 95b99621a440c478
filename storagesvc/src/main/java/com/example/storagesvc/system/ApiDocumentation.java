package com.example.storagesvc.system;

import java.util.List;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.servers.Server;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document's frame: what storagesvc is, its problem answers and {@code Retry-After}. */
@Configuration(proxyBeanMethods = false)
public class ApiDocumentation {

	public static final String PROBLEM_SCHEMA = "#/components/schemas/Problem";

	public static final String INVALID_SCHEMA = "#/components/schemas/InvalidRequestProblem";

	@Bean
	OpenAPI storagesvcApi() {
		Schema<?> invalidField = new ObjectSchema().addProperty("field", new StringSchema())
			.addProperty("message", new StringSchema())
			.required(List.of("field", "message"));
		return new OpenAPI()
			.info(new Info().title("storagesvc")
				.version("1")
				.description("The books, in PostgreSQL. When the database is unavailable, every answer is a fast 503 "
						+ "with Retry-After; storagesvc serves again by itself when it returns."))
			// Relative: "Try it out" calls whichever host and port served the page.
			.servers(List.of(new Server().url("/")))
			.components(new Components().addSchemas("Problem", problem("RFC 9457 problem details"))
				.addSchemas("InvalidRequestProblem", problem("RFC 9457 problem details, naming each invalid field or parameter")
					.addProperty("errors", new ArraySchema().items(invalidField)))
				.addHeaders("Retry-After", new Header().required(true)
					.schema(new IntegerSchema())
					.description("Seconds to wait before trying again")));
	}

	private static Schema<?> problem(String description) {
		return new ObjectSchema().description(description)
			// RFC 9457: both URI references (e.g. "/books/5"), resolved against the answer's address
			.addProperty("type", new StringSchema().format("uri-reference")._default("about:blank"))
			.addProperty("title", new StringSchema())
			.addProperty("status", new IntegerSchema())
			.addProperty("detail", new StringSchema())
			.addProperty("instance", new StringSchema().format("uri-reference"))
			.required(List.of("type", "title", "status", "detail"));
	}

}
