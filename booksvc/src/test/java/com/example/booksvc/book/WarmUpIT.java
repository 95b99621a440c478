package com.example.booksvc.book;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wiremock.spring.ConfigureWireMock;
import org.wiremock.spring.EnableWireMock;

import com.example.booksvc.RedisContainerConfiguration;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The start's warm-up: once storagesvc answers at all, one {@code GET /} through booksvc's own HTTP
 * API before it reports ready, so that storagesvc was asked once, and the answer, whatever it was,
 * logged. The wait itself: {@link WarmUpTest}.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "booksvc.warm-up.enabled=true")
@EnableWireMock(@ConfigureWireMock(name = "storagesvc", baseUrlProperties = "storagesvc.base-url"))
@Import(RedisContainerConfiguration.class)
class WarmUpIT {

	@Test
	void theStartAskedForTheBooksOnceThroughBooksvcsOwnApi(CapturedOutput output) {
		// WireMock has no answers set up during the start, and answers 404 to anything: a 404 is
		// storagesvc's answer passed on, so storagesvc was asked (WireMock's journal is reset before
		// each test, so it cannot be asked)
		assertThat(output).contains("storagesvc answered 404 after", "Warmed up: GET / answered 404 (no source)");
	}

}
