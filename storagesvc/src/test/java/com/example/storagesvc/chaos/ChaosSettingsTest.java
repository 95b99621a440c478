package com.example.storagesvc.chaos;

import java.time.Duration;
import java.util.Random;
import java.util.stream.IntStream;

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
	void rejectsNegativeOrInvertedLatency() {
		assertThat(new ChaosSettings(0.0, Duration.ofMillis(-1), null, false).isLatencyRangeValid()).isFalse();
		assertThat(new ChaosSettings(0.0, Duration.ofMillis(200), Duration.ofMillis(100), false).isLatencyRangeValid()).isFalse();
		assertThat(ChaosSettings.NONE.isLatencyRangeValid()).isTrue();
	}

	private long failures(ChaosSettings settings) {
		return IntStream.range(0, 10_000).filter(i -> settings.nextFails(random)).count();
	}

}
