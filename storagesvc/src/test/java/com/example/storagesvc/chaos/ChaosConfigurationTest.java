package com.example.storagesvc.chaos;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;

import static org.assertj.core.api.Assertions.assertThat;

class ChaosConfigurationTest {

	private final WebApplicationContextRunner context = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WebMvcAutoConfiguration.class))
		.withUserConfiguration(ChaosConfiguration.class, ChaosController.class);

	@Test
	void offByDefaultAndTheEndpointAnsweredForAsAbsent() {
		context.run(app -> {
			assertThat(app.getBean(Chaos.class).settings()).isEqualTo(ChaosSettings.NONE);
			assertThat(app.getBean("chaosEndpointOff", FilterRegistrationBean.class).isEnabled()).isTrue();
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

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			storagesvc.chaos.latency=1h                                      | latency     | must be at most 10s
			storagesvc.chaos.latency-max=11s                                 | latencyMax  | must be at most 10s
			storagesvc.chaos.latency=-1s                                     | latency     | must not be negative
			storagesvc.chaos.failure-rate=1.5                                | failureRate | must be less than or equal to 1.0
			""")
	void badValueFromTheEnvironmentStopsStartNamingIt(String property, String field, String message) {
		context.withPropertyValues(property).run(app -> {
			assertThat(app).hasFailed();
			assertThat(app.getStartupFailure()).rootCause()
				.isInstanceOf(BindValidationException.class)
				.hasMessageContaining("on field '" + field + "'")
				.hasMessageContaining(message);
		});
	}

	@Test
	void invertedLatencyRangeFromTheEnvironmentStopsStart() {
		context.withPropertyValues("storagesvc.chaos.latency=500ms", "storagesvc.chaos.latency-max=100ms")
			.run(app -> assertThat(app.getStartupFailure()).rootCause()
				.hasMessageContaining("latencyMax, if set, must be at least latency"));
	}

	@Test
	void endpointOnlyWhenEnabled() {
		context.withPropertyValues("storagesvc.chaos.endpoint-enabled=true")
			.run(app -> assertThat(app.getBean("chaosEndpointOff", FilterRegistrationBean.class).isEnabled()).isFalse());
	}

}
