package com.example.e2e;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The settings the whole-stack tests and the benchmark derive their bounds from, read as Spring reads them. */
class ServiceSettingsTest {

	private final ServiceSettings settings = ServiceSettings.parse("""
			limits:
			  timeout: 400ms
			  budget: 2s
			  staleness: 1m
			  pool-wait: 250 # ms, as HikariCP's settings are written
			  size: 1MB
			retry:
			  max-attempts: 3
			  factor: 0.5
			cache:
			  key-prefix: "svc:v1:"
			""");

	@Test
	void readsDurationsWithTheirUnitAndBareNumbersAsMilliseconds() {
		assertThat(settings.duration("limits.timeout")).isEqualTo(Duration.ofMillis(400));
		assertThat(settings.duration("limits.budget")).isEqualTo(Duration.ofSeconds(2));
		assertThat(settings.duration("limits.staleness")).isEqualTo(Duration.ofMinutes(1));
		assertThat(settings.duration("limits.pool-wait")).isEqualTo(Duration.ofMillis(250));
	}

	@Test
	void readsNumbers() {
		assertThat(settings.number("retry.max-attempts")).isEqualTo(3);
		assertThat(settings.number("retry.factor")).isEqualTo(0.5);
	}

	@Test
	void readsTextAsWritten() {
		assertThat(settings.string("cache.key-prefix")).isEqualTo("svc:v1:");
	}

	@Test
	void aMissingSettingOrAnotherShapeIsAnErrorNotADefault() {
		assertThatIllegalArgumentException().isThrownBy(() -> settings.duration("limits.no-such-timeout"))
			.withMessageContaining("no limits.no-such-timeout");
		assertThatIllegalArgumentException().isThrownBy(() -> settings.duration("limits.size"))
			.withMessageContaining("is not a duration");
	}

	@Test
	void readsTextWhereThereIsOneAndDurationsFromElsewhereTheSameWay() {
		assertThat(settings.text("retry.max-attempts")).contains("3");
		assertThat(settings.text("retry.no-such-setting")).isEmpty();
		assertThat(settings.text("retry.max-attempts.deeper")).isEmpty();
		assertThat(ServiceSettings.duration("SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE", "20s")).isEqualTo(Duration.ofSeconds(20));
		assertThatIllegalArgumentException().isThrownBy(() -> ServiceSettings.duration("X", "twenty"))
			.withMessageContaining("X is not a duration");
	}

	@Test
	void theServicesOwnSettingsAreFound() {
		assertThat(ServiceSettings.of("booksvc").duration("storagesvc.latency-budget")).isPositive();
	}

}
