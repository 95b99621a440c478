package com.example.storagesvc.chaos;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ChaosSettingsTest {

	private final Random random = new Random(42);

	@Test
	void failsAtTheConfiguredRate() {
		assertThat(failures(new ChaosSettings(0.0, Duration.ZERO, null, false))).isZero();
		assertThat(failures(new ChaosSettings(1.0, Duration.ZERO, null, false))).isEqualTo(10_000);
		assertThat(failures(new ChaosSettings(0.5, Duration.ZERO, null, false)) / 10_000.0).isCloseTo(0.5, within(0.03));
	}

	@Test
	void outageFailsEverything() {
		assertThat(failures(new ChaosSettings(0.0, Duration.ZERO, null, true))).isEqualTo(10_000);
	}

	@Test
	void latencyIsFixedOrWithinItsRange() {
		assertThat(new ChaosSettings(0.0, Duration.ofMillis(300), null, false).nextLatency(random))
			.isEqualTo(Duration.ofMillis(300));
		ChaosSettings range = new ChaosSettings(0.0, Duration.ofMillis(100), Duration.ofMillis(200), false);
		IntStream.range(0, 1000)
			.forEach(i -> assertThat(range.nextLatency(random)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200)));
	}

	@Test
	void rejectsNegativeInvertedOrOverlongLatency() {
		assertThat(violations(new ChaosSettings(0.0, Duration.ofMillis(-1), null, false)))
			.containsExactly("latency must not be negative");
		assertThat(violations(new ChaosSettings(0.0, Duration.ofMillis(200), Duration.ofMillis(100), false)))
			.containsExactly("latencyRangeValid latencyMax, if set, must be at least latency");
		assertThat(violations(new ChaosSettings(0.0, Duration.ofHours(1), null, false)))
			.containsExactly("latency must be at most 10s");
		assertThat(violations(new ChaosSettings(0.0, Duration.ZERO, Duration.ofSeconds(11), false)))
			.containsExactly("latencyMax must be at most 10s");
		assertThat(violations(new ChaosSettings(1.0, Duration.ofSeconds(10), Duration.ofSeconds(10), true))).isEmpty();
		assertThat(violations(ChaosSettings.NONE)).isEmpty();
	}

	private static List<String> violations(ChaosSettings settings) {
		try (ValidatorFactory validation = Validation.buildDefaultValidatorFactory()) {
			return validation.getValidator()
				.validate(settings)
				.stream()
				.map(violation -> violation.getPropertyPath() + " " + violation.getMessage())
				.toList();
		}
	}

	private long failures(ChaosSettings settings) {
		return IntStream.range(0, 10_000).filter(i -> settings.nextFails(random)).count();
	}

}
