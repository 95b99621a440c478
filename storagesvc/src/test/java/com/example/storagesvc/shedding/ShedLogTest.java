package com.example.storagesvc.shedding;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ShedLogTest {

	private long now = 1_000;

	private final List<Long> reports = new ArrayList<>();

	private final ShedLog shedLog = new ShedLog(Duration.ofSeconds(1), () -> now, reports::add);

	@Test
	void reportsTheFirstShedAtOnceThenAtMostOneCountPerInterval() {
		shedLog.shed();
		for (int i = 0; i < 1000; i++) {
			now += Duration.ofMillis(1).toNanos() - 1;
			shedLog.shed();
		}

		assertThat(reports).containsExactly(1L);

		now += Duration.ofMillis(1).toNanos();
		shedLog.shed();

		assertThat(reports).containsExactly(1L, 1001L);
	}

	@Test
	void aQuietSpellDoesNotSilenceTheNextShed() {
		shedLog.shed();
		now += Duration.ofMinutes(5).toNanos();

		shedLog.shed();

		assertThat(reports).containsExactly(1L, 1L);
	}

}
