package com.example.booksvc.book;

import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wiremock.spring.ConfigureWireMock;
import org.wiremock.spring.EnableWireMock;
import org.wiremock.spring.InjectWireMock;

import com.example.booksvc.RedisContainerConfiguration;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The start's warm-up: once storagesvc answers at all, one {@code GET /} through booksvc's own HTTP
 * API before it reports ready, so that storagesvc was asked exactly twice (its readiness, then the
 * books) by the time booksvc accepts traffic, and the answer, whatever it was, logged. The wait
 * itself: {@link WarmUpTest}.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "booksvc.warm-up.enabled=true")
// The journal must keep what the start sent: by default it is reset before each test.
@EnableWireMock(@ConfigureWireMock(name = "storagesvc", baseUrlProperties = "storagesvc.base-url", resetWireMockServer = false))
@Import({ RedisContainerConfiguration.class, WarmUpIT.RequestsAtReadiness.class })
class WarmUpIT {

	private static final AtomicReference<List<String>> requestsAtReadiness = new AtomicReference<>();

	@InjectWireMock("storagesvc")
	private WireMockServer storagesvc;

	@Test
	void theStartAskedForTheBooksOnceThroughBooksvcsOwnApiBeforeItReportedReady(CapturedOutput output) {
		// WireMock has no answers set up during the start, and answers 404 to anything: any answer
		// at all ends the wait for storagesvc, and a 404 that is not storagesvc's "no such book" is a
		// failure, with nothing cached yet a 503
		assertThat(requestsAtReadiness.get()).containsExactly("GET /actuator/health/readiness", "GET /books");
		storagesvc.verify(exactly(1), getRequestedFor(urlEqualTo("/actuator/health/readiness")));
		storagesvc.verify(exactly(1), getRequestedFor(urlEqualTo("/books")));
		assertThat(storagesvc.getAllServeEvents()).hasSize(2);
		assertThat(output).contains("storagesvc answered 404 after", "Warmed up: GET / answered 503 (no source)");
	}

	/** What storagesvc (WireMock) had been asked when booksvc said it accepts traffic, oldest first. */
	@TestConfiguration(proxyBeanMethods = false)
	static class RequestsAtReadiness {

		@Bean
		ApplicationListener<AvailabilityChangeEvent<ReadinessState>> recordStoragesvcRequests(
				Environment environment) {
			return event -> {
				if (event.getState() == ReadinessState.ACCEPTING_TRAFFIC) {
					URI storagesvc = URI.create(environment.getRequiredProperty("storagesvc.base-url"));
					List<ServeEvent> served = new WireMock(storagesvc.getHost(), storagesvc.getPort()).getServeEvents();
					requestsAtReadiness.set(served.reversed()
						.stream()
						.map(request -> request.getRequest().getMethod() + " " + request.getRequest().getUrl())
						.toList());
				}
			};
		}

	}

}
