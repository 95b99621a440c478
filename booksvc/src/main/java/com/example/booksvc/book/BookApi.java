package com.example.booksvc.book;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import com.example.booksvc.storagesvc.Book;

import org.springframework.http.ResponseEntity;

/**
 * booksvc's HTTP API as its OpenAPI document states it ({@code /v3/api-docs}, committed as
 * {@code booksvc/openapi.json}); the headers it refers to are described once, in
 * {@link ApiDocumentation}. Kept apart so that {@link BookController} stays readable; springdoc
 * reads these annotations through the interface.
 */
@Tag(name = "books")
interface BookApi {

	String PROBLEM = "application/problem+json";

	/** The list's envelope: the books, and where and when they come from. */
	record BooksResponse(@Schema(requiredMode = RequiredMode.REQUIRED) List<Book> books,
			@Schema(requiredMode = RequiredMode.REQUIRED, allowableValues = { "storagesvc", "cache" },
					description = "`cache`: storagesvc did not answer; this is the last good answer") String source,
			@Schema(requiredMode = RequiredMode.REQUIRED, description = "When storagesvc produced the books") Instant fetchedAt) {
	}

	@Operation(summary = "All books: live from storagesvc or, while it is unavailable, the last good list from the cache")
	@Parameter(in = ParameterIn.HEADER, name = "If-None-Match", description = "The `ETag` of an earlier answer",
			schema = @Schema(type = "string"))
	@ApiResponse(responseCode = "200", description = "The books, where they come from and when storagesvc produced them",
			headers = { @Header(name = "X-Data-Source", ref = "X-Data-Source"), @Header(name = "Age", ref = "Age"),
					@Header(name = "ETag", ref = "ETag"), @Header(name = "Cache-Control", ref = "Cache-Control") })
	@ApiResponse(responseCode = "304", ref = ApiDocumentation.NOT_MODIFIED)
	@ApiResponse(responseCode = "502", description = "storagesvc rejected booksvc's request (a 4xx other than 404 or 429): booksvc's bug",
			content = @Content(mediaType = PROBLEM, schema = @Schema(ref = ApiDocumentation.BAD_GATEWAY_SCHEMA)))
	@ApiResponse(responseCode = "503", description = "storagesvc is unavailable and nothing is cached",
			headers = @Header(name = "Retry-After", ref = "Retry-After"),
			content = @Content(mediaType = PROBLEM, schema = @Schema(ref = ApiDocumentation.PROBLEM_SCHEMA)))
	ResponseEntity<BooksResponse> books();

	@Operation(summary = "One book: live from storagesvc or, while it is unavailable, from the cache")
	@Parameter(in = ParameterIn.HEADER, name = "If-None-Match", description = "The `ETag` of an earlier answer",
			schema = @Schema(type = "string"))
	@ApiResponse(responseCode = "200", description = "The book; where it comes from is in the headers",
			headers = { @Header(name = "X-Data-Source", ref = "X-Data-Source"), @Header(name = "Age", ref = "Age"),
					@Header(name = "ETag", ref = "ETag"), @Header(name = "Cache-Control", ref = "Cache-Control") })
	@ApiResponse(responseCode = "304", ref = ApiDocumentation.NOT_MODIFIED)
	@ApiResponse(responseCode = "400", description = "The id is not a number",
			content = @Content(mediaType = PROBLEM, schema = @Schema(ref = ApiDocumentation.PROBLEM_SCHEMA)))
	@ApiResponse(responseCode = "404", description = "storagesvc has no such book",
			content = @Content(mediaType = PROBLEM, schema = @Schema(ref = ApiDocumentation.PROBLEM_SCHEMA)))
	@ApiResponse(responseCode = "502", description = "storagesvc rejected booksvc's request (a 4xx other than 404 or 429): booksvc's bug",
			content = @Content(mediaType = PROBLEM, schema = @Schema(ref = ApiDocumentation.BAD_GATEWAY_SCHEMA)))
	@ApiResponse(responseCode = "503", description = "storagesvc is unavailable and nothing is cached, or too many lookups are in flight",
			headers = @Header(name = "Retry-After", ref = "Retry-After"),
			content = @Content(mediaType = PROBLEM, schema = @Schema(ref = ApiDocumentation.PROBLEM_SCHEMA)))
	ResponseEntity<Book> book(@Parameter(description = "The book's id, as storagesvc numbers them") long id);

}
