package com.example.storagesvc.chaos;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class ChaosConfigurationTest {

	private final WebApplicationContextRunner context = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WebMvcAutoConfiguration.class))
		.withUserConfiguration(ChaosConfiguration.class, ChaosController.class);

	@Test
	void offByDefaultAndNoEndpoint() {
		context.run(app -> {
			assertThat(app.getBean(Chaos.class).settings()).isEqualTo(ChaosSettings.NONE);
			assertThat(app).doesNotHaveBean(ChaosController.class);
		});
	}

	@Test
	void setAtStartFromTheEnvironment() {
		context
			.withPropertyValues("storagesvc.chaos.failure-rate=0.5", "storagesvc.chaos.latency=100ms",
					"storagesvc.chaos.latency-max=400ms")
			.run(app -> assertThat(app.getBean(Chaos.class).settings())
				.isEqualTo(new ChaosSettings(0.5, Duration.ofMillis(100), Duration.ofMillis(400), false)));
	}

	@Test
	void endpointOnlyWhenEnabled() {
		context.withPropertyValues("storagesvc.chaos.endpoint-enabled=true")
			.run(app -> assertThat(app).hasSingleBean(ChaosController.class));
	}

}
