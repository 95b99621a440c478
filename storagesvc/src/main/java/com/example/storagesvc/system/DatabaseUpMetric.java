package com.example.storagesvc.system;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The database's health as a metric, {@code storagesvc_database_up} (1 up, 0 not), so that an alert
 * can say "storagesvc's database is down" (observability/alerts.yml). The probes cannot say it:
 * readiness leaves the database out (docs/decisions.md). Read at each scrape: one validation.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseUpMetric {

	@Bean
	MeterBinder databaseUpGauge(HealthEndpoint health) {
		return registry -> Gauge.builder("storagesvc.database.up", health, DatabaseUpMetric::up)
			.description("1 while the database answers (the db health indicator is UP), else 0")
			.register(registry);
	}

	private static double up(HealthEndpoint health) {
		HealthComponent database = health.healthForPath("db");
		return (database != null && Status.UP.equals(database.getStatus())) ? 1 : 0;
	}

}
