package com.example.storagesvc.system;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The readiness probe as a metric, {@code storagesvc_readiness} (1 ready, 0 not), so that an alert
 * can say "storagesvc is not ready" (observability/alerts.yml). Read at each scrape: one database
 * validation, like the probe's.
 */
@Configuration(proxyBeanMethods = false)
class ReadinessMetric {

	@Bean
	MeterBinder readinessGauge(HealthEndpoint health) {
		return registry -> Gauge.builder("storagesvc.readiness", health, ReadinessMetric::ready)
			.description("1 while /actuator/health/readiness is UP (the database answers), else 0")
			.register(registry);
	}

	private static double ready(HealthEndpoint health) {
		HealthComponent readiness = health.healthForPath("readiness");
		return (readiness != null && Status.UP.equals(readiness.getStatus())) ? 1 : 0;
	}

}
