package com.example.storagesvc.book;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

import com.example.storagesvc.PostgresContainerConfiguration;
import com.example.testsupport.ApiContract;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * storagesvc's OpenAPI document: the committed copy ({@code storagesvc/openapi.json}) is what
 * storagesvc serves, and every response it states is one storagesvc really gives, the 503s with
 * its database paused.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(PostgresContainerConfiguration.class)
class ApiDocumentIT {

	private static final String ISBN = "978-0-14-119100-3";

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private PostgreSQLContainer<?> database;

	private ApiContract contract;

	@BeforeEach
	void servedDocument() throws Exception {
		contract = ApiContract.servedBy(URI.create("http://localhost:" + port));
	}

	@AfterEach
	void removeAddedBook() {
		jdbc.update("DELETE FROM book WHERE isbn = ?", ISBN.replace("-", ""));
	}

	@Test
	void theServedDocumentIsTheCommittedOne() throws Exception {
		contract.assertMatchesCommittedCopy(Path.of(System.getProperty("project.root", ".."), "storagesvc", "openapi.json"));
	}

	@Test
	void everyDocumentedResponseIsARealOne() {
		assertThat(contract.send("/books", "/books", get()).statusCode()).isEqualTo(200);
		assertThat(contract.send("/books", "/books?author=austen", get()).statusCode()).isEqualTo(200);
		assertThat(contract.send("/books", "/books?author=a%00b", get()).statusCode()).isEqualTo(400);

		assertThat(contract.send("/books/{id}", "/books/1", get()).statusCode()).isEqualTo(200);
		assertThat(contract.send("/books/{id}", "/books/abc", get()).statusCode()).isEqualTo(400);
		assertThat(contract.send("/books/{id}", "/books/999999", get()).statusCode()).isEqualTo(404);

		// No description: null in the answer
		String book = """
				{"title": "The Invisible Man", "author": "H. G. Wells", "isbn": "%s", "publishedYear": 1897}""".formatted(ISBN);
		String location = contract.send("/books", "/books", post(book)).headers().firstValue("Location").orElseThrow();
		assertThat(location).endsWith("/books/" + contract.send("/books/{id}", URI.create(location).getPath(), get())
			.body()
			.replaceAll(".*\"id\":(\\d+).*", "$1"));
		assertThat(contract.send("/books", "/books", post(book)).statusCode()).isEqualTo(409);
		assertThat(contract.send("/books", "/books", post("""
				{"title": "", "author": "H. G. Wells", "isbn": "1", "publishedYear": 2999}""")).statusCode()).isEqualTo(400);
		assertThat(contract.send("/books", "/books", post("{\"title\": ")).statusCode()).isEqualTo(400);
		assertThat(contract.send("/books", "/books", post("{\"title\": \"" + "x".repeat(70_000) + "\"}")).statusCode())
			.isEqualTo(413);
		assertThat(contract.send("/books", "/books",
				HttpRequest.newBuilder().header("Content-Type", "text/plain").POST(BodyPublishers.ofString(book)))
			.statusCode()).isEqualTo(415);

		var docker = DockerClientFactory.instance().client();
		docker.pauseContainerCmd(database.getContainerId()).exec();
		try {
			assertThat(contract.send("/books", "/books", get()).statusCode()).isEqualTo(503);
			assertThat(contract.send("/books/{id}", "/books/1", get()).statusCode()).isEqualTo(503);
			assertThat(contract.send("/books", "/books", post(book)).statusCode()).isEqualTo(503);
		}
		finally {
			docker.unpauseContainerCmd(database.getContainerId()).exec();
		}

		contract.assertEveryResponseSent();
	}

	private static HttpRequest.Builder get() {
		return HttpRequest.newBuilder();
	}

	private static HttpRequest.Builder post(String json) {
		return HttpRequest.newBuilder().header("Content-Type", "application/json").POST(BodyPublishers.ofString(json));
	}

}
