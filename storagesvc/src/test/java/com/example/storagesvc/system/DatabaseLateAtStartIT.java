package com.example.storagesvc.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.github.dockerjava.api.DockerClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

import com.example.storagesvc.StoragesvcApplication;
import com.example.testsupport.FixedHostPort;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static com.example.storagesvc.PostgresContainerConfiguration.POSTGRES_IMAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * storagesvc started before its database answers, as compose starts the two (side by side): the
 * migration waits for the database ({@code spring.flyway.connect-retries}, a try a second) and the
 * start completes once it is there, instead of failing.
 */
@ExtendWith(OutputCaptureExtension.class)
class DatabaseLateAtStartIT {

	@Test
	void theStartWaitsForTheDatabaseAndCompletesOnceItIsThere(CapturedOutput output) throws Exception {
		try (PostgreSQLContainer<?> postgres = FixedHostPort.publish(new PostgreSQLContainer<>(POSTGRES_IMAGE), 5432);
				ExecutorService meanwhile = Executors.newSingleThreadExecutor()) {
			postgres.start();
			DockerClient docker = DockerClientFactory.instance().client();
			docker.stopContainerCmd(postgres.getContainerId()).exec();
			// the database comes back only once the start has found it missing and waits
			Future<?> databaseBack = meanwhile.submit(() -> {
				await().atMost(Duration.ofMinutes(1)).until(() -> output.getOut().contains("Retrying in"));
				docker.startContainerCmd(postgres.getContainerId()).exec();
			});

			try (ConfigurableApplicationContext storagesvc = new SpringApplicationBuilder(StoragesvcApplication.class)
				.run("--server.port=0", "--spring.datasource.url=" + postgres.getJdbcUrl(),
						"--spring.datasource.username=" + postgres.getUsername(),
						"--spring.datasource.password=" + postgres.getPassword())) {
				databaseBack.get();
				assertThat(output.getOut()).contains("Connection error");
				assertThat(status(storagesvc, "/books/1")).isEqualTo(200);
			}
		}
	}

	private static int status(ConfigurableApplicationContext storagesvc, String path) throws Exception {
		int port = ((WebServerApplicationContext) storagesvc).getWebServer().getPort();
		try (HttpClient http = HttpClient.newHttpClient()) {
			return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
					HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
	}

}
