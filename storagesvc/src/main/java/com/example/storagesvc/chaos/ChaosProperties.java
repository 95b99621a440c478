package com.example.storagesvc.chaos;

import java.time.Duration;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Chaos at start-up (environment: {@code STORAGESVC_CHAOS_FAILURE_RATE=0.5} …). Off by default.
 * Held to the same bounds as {@code PUT /chaos}, so a bad value stops start-up and names itself.
 *
 * @param endpointEnabled expose {@code /chaos} to change the settings at run time: a demo-only
 * switch, never for production
 * @param retryAfter sent with each chaos 503
 */
@ConfigurationProperties("storagesvc.chaos")
@Validated
record ChaosProperties(@DefaultValue("0") @DecimalMin("0.0") @DecimalMax("1.0") double failureRate,
		@DefaultValue("0ms") @ChaosLatency Duration latency, @ChaosLatency Duration latencyMax,
		@DefaultValue("false") boolean outage, @DefaultValue("false") boolean endpointEnabled,
		@DefaultValue("0s") Duration retryAfter) {

	ChaosSettings initialSettings() {
		return new ChaosSettings(failureRate, latency, latencyMax, outage);
	}

	@AssertTrue(message = "latencyMax, if set, must be at least latency")
	boolean isLatencyRangeValid() {
		return initialSettings().isLatencyRangeValid();
	}

}
