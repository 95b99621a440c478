package com.example.storagesvc.book;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import com.example.storagesvc.system.ApiDocumentation;

import org.springframework.http.ResponseEntity;

/**
 * storagesvc's HTTP API as its OpenAPI document states it ({@code /v3/api-docs}, committed as
 * {@code storagesvc/openapi.json}), with the constraints on its input. Kept apart so that
 * {@link BookController} stays readable; springdoc and Spring MVC read these annotations through
 * the interface, and Bean Validation requires the constraints here, not on the implementation.
 */
@Tag(name = "books")
interface BookApi {

	String PROBLEM = "application/problem+json";

	String UNAVAILABLE = "The database is unavailable, or too many requests are in flight (load shedding: the problem's `type` is `tag:example.com,2026:storagesvc/too-many-requests-in-flight`, refused before any work and safe to send again at once)";

	@Operation(summary = "All books by id, or those whose author contains the text, ignoring case")
	@ApiResponse(responseCode = "200", description = "The books, sorted by id")
	@ApiResponse(responseCode = "400", description = "`author` holds a NUL character",
			content = @Content(mediaType = PROBLEM, schema = @Schema(ref = ApiDocumentation.INVALID_SCHEMA)))
	@ApiResponse(responseCode = "503", description = UNAVAILABLE,
			headers = @Header(name = "Retry-After", ref = "Retry-After"),
			content = @Content(mediaType = PROBLEM, schema = @Schema(ref = ApiDocumentation.PROBLEM_SCHEMA)))
	List<BookResponse> list(@Parameter(description = "Text the author's name contains, any case") @NoNulCharacters String author);

	@Operation(summary = "One book")
	@ApiResponse(responseCode = "200", description = "The book")
	@ApiResponse(responseCode = "400", description = "The id is not a number",
			content = @Content(mediaType = PROBLEM, schema = @Schema(ref = ApiDocumentation.INVALID_SCHEMA)))
	@ApiResponse(responseCode = "404", description = "No book with that id: the problem's `type` is `"
			+ BookNotFoundException.TYPE + "`, which no other 404 carries",
			content = @Content(mediaType = PROBLEM, schema = @Schema(ref = ApiDocumentation.PROBLEM_SCHEMA)))
	@ApiResponse(responseCode = "503", description = UNAVAILABLE,
			headers = @Header(name = "Retry-After", ref = "Retry-After"),
			content = @Content(mediaType = PROBLEM, schema = @Schema(ref = ApiDocumentation.PROBLEM_SCHEMA)))
	BookResponse get(@Parameter(description = "The book's id") long id);

	@Operation(summary = "Adds a book")
	@ApiResponse(responseCode = "201", description = "Added; `Location` is the new book's address",
			headers = @Header(name = "Location", description = "The new book's address", required = true,
					schema = @Schema(type = "string", format = "uri")))
	@ApiResponse(responseCode = "400", description = "Malformed JSON, or invalid fields, each named in `errors`",
			content = @Content(mediaType = PROBLEM, schema = @Schema(ref = ApiDocumentation.INVALID_SCHEMA)))
	@ApiResponse(responseCode = "409", description = "A book with that ISBN exists (hyphens do not count)",
			content = @Content(mediaType = PROBLEM, schema = @Schema(ref = ApiDocumentation.PROBLEM_SCHEMA)))
	@ApiResponse(responseCode = "413", description = "The body is over `storagesvc.max-request-body` (64 KB); it was not read",
			content = @Content(mediaType = PROBLEM, schema = @Schema(ref = ApiDocumentation.PROBLEM_SCHEMA)))
	@ApiResponse(responseCode = "415", description = "The body is not `application/json`",
			content = @Content(mediaType = PROBLEM, schema = @Schema(ref = ApiDocumentation.PROBLEM_SCHEMA)))
	@ApiResponse(responseCode = "503", description = UNAVAILABLE,
			headers = @Header(name = "Retry-After", ref = "Retry-After"),
			content = @Content(mediaType = PROBLEM, schema = @Schema(ref = ApiDocumentation.PROBLEM_SCHEMA)))
	ResponseEntity<BookResponse> add(@Valid NewBook newBook);

}
