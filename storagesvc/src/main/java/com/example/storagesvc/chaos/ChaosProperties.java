package com.example.storagesvc.chaos;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Chaos at start-up (environment: {@code STORAGESVC_CHAOS_FAILURE_RATE=0.5} …). Off by default.
 *
 * @param endpointEnabled expose {@code /chaos} to change the settings at run time: a demo-only
 * switch, never for production
 * @param retryAfter sent with each chaos 503
 */
@ConfigurationProperties("storagesvc.chaos")
record ChaosProperties(@DefaultValue("0") double failureRate, @DefaultValue("0ms") Duration latency,
		Duration latencyMax, @DefaultValue("false") boolean outage, @DefaultValue("false") boolean endpointEnabled,
		@DefaultValue("0s") Duration retryAfter) {

	ChaosSettings initialSettings() {
		return new ChaosSettings(failureRate, latency, latencyMax, outage);
	}

}
