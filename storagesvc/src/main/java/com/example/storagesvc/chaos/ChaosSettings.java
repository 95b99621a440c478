package com.example.storagesvc.chaos;

import java.time.Duration;
import java.util.random.RandomGenerator;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;

/**
 * What storagesvc does wrong on purpose, for the demo.
 *
 * @param failureRate share of book requests answered 503 with {@code Retry-After}, 0 to 1
 * @param latency added to every book request; with {@code latencyMax}, the least added; at most
 * {@link ChaosLatency#MAX_SECONDS}
 * @param latencyMax if set, each request gets a random latency between {@code latency} and this
 * @param outage every book request answered 503, as if the database were gone
 */
record ChaosSettings(@NotNull @DecimalMin("0.0") @DecimalMax("1.0") Double failureRate,
		@NotNull @ChaosLatency @JsonDeserialize(using = ReadableDuration.Reader.class) @JsonSerialize(using = ReadableDuration.Writer.class) Duration latency,
		@ChaosLatency @JsonDeserialize(using = ReadableDuration.Reader.class) @JsonSerialize(using = ReadableDuration.Writer.class) Duration latencyMax,
		boolean outage) {

	static final ChaosSettings NONE = new ChaosSettings(0.0, Duration.ZERO, null, false);

	@JsonIgnore
	@AssertTrue(message = "latencyMax, if set, must be at least latency")
	boolean isLatencyRangeValid() {
		return latency == null || latencyMax == null || latencyMax.compareTo(latency) >= 0;
	}

	Duration nextLatency(RandomGenerator random) {
		if (latencyMax == null || latencyMax.equals(latency)) {
			return latency;
		}
		return latency.plusMillis(random.nextLong(latencyMax.minus(latency).toMillis() + 1));
	}

	boolean nextFails(RandomGenerator random) {
		return outage || random.nextDouble() < failureRate;
	}

}
