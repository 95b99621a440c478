package com.example.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service's OpenAPI document as it serves it, held to the committed copy and to the service's
 * real answers: each answer a test gets through {@link #send} must be one the document states
 * (status, content type, required headers, body schema), and {@link #assertEveryResponseSent}
 * checks that the tests sent a request for every response the document states. Every {@code format}
 * in the document is asserted, as strictly as an outside validator would ({@link StrictFormats});
 * a document with a format the check does not know is refused.
 */
public final class ApiContract {

	private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

	private final HttpClient http = HttpClient.newHttpClient();

	private final URI base;

	private final JsonNode document;

	private final OpenApiInteractionValidator validator;

	private final Set<String> sent = new TreeSet<>();

	private ApiContract(URI base, String document) throws IOException {
		this.base = base;
		this.document = JSON.readTree(document);
		Set<String> formats = this.document.findValues("format")
			.stream()
			// a property named "format" has a schema, not a text, as its value
			.filter(JsonNode::isTextual)
			.map(JsonNode::asText)
			.collect(Collectors.toSet());
		assertThat(StrictFormats.asserted()).as("formats the contract check asserts").containsAll(formats);
		this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(document)
			.withSchemaFactorySupplier(StrictFormats::schemaFactory)
			.build();
	}

	/** The document served at {@code /v3/api-docs} by the service at {@code base}. */
	public static ApiContract servedBy(URI base) throws IOException, InterruptedException {
		HttpResponse<String> served = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(base.resolve("/v3/api-docs")).build(), HttpResponse.BodyHandlers.ofString());
		assertThat(served.statusCode()).as("GET /v3/api-docs").isEqualTo(200);
		return new ApiContract(base, served.body());
	}

	/**
	 * The served document is the committed one (a change to the API shows in review). If not, the
	 * served one is written beside it with the suffix {@code .served}, for a diff or to copy over.
	 */
	public void assertMatchesCommittedCopy(Path committed) throws IOException {
		String served = JSON.writeValueAsString(document) + "\n";
		if (!Files.exists(committed) || !JSON.readTree(Files.readString(committed)).equals(document)) {
			Path fresh = committed.resolveSibling(committed.getFileName() + ".served");
			Files.writeString(fresh, served);
			throw new AssertionError("The served OpenAPI document differs from " + committed + "; the served one is in "
					+ fresh + ": if the change is intended, move it over the committed one");
		}
	}

	/**
	 * Sends {@code request} to {@code path} and asserts that the answer is one the document states
	 * for {@code template} (its name for the path, e.g. {@code /books/{id}}).
	 */
	public HttpResponse<String> send(String template, String path, HttpRequest.Builder request) {
		HttpRequest built = request.uri(base.resolve(path)).build();
		HttpResponse<String> answer;
		try {
			answer = http.send(built, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		SimpleResponse.Builder response = SimpleResponse.Builder.status(answer.statusCode());
		answer.headers().map().forEach(response::withHeader);
		if (!answer.body().isEmpty()) {
			response.withBody(answer.body());
		}
		Request.Method method = Request.Method.valueOf(built.method());
		ValidationReport report = validator.validateResponse(built.uri().getPath(), method, response.build());
		assertThat(report.getMessages())
			.as("%s %s answered %d %s: not what the document states", built.method(), built.uri().getPath(),
					answer.statusCode(), answer.body())
			.isEmpty();
		sent.add(built.method() + " " + template + " " + answer.statusCode());
		return answer;
	}

	/** Every response the document states was the answer to one of the requests sent. */
	public void assertEveryResponseSent() {
		Set<String> documented = new TreeSet<>();
		for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext();) {
			Map.Entry<String, JsonNode> path = paths.next();
			path.getValue().fields().forEachRemaining(operation -> operation.getValue()
				.path("responses")
				.fieldNames()
				.forEachRemaining(status -> documented.add(operation.getKey().toUpperCase() + " " + path.getKey() + " " + status)));
		}
		assertThat(sent).as("responses the tests received").containsExactlyInAnyOrderElementsOf(documented);
	}

}
