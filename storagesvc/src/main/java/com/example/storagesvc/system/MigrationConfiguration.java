package com.example.storagesvc.system;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Flyway migrates the schema at start, as Spring Boot's default does, unless
 * {@code storagesvc.migrate-at-start} is false. Only the image build's training run sets that: it
 * has no database (Dockerfile). A setting read when the application starts, not
 * {@code spring.flyway.enabled}: the image runs on Spring AOT, which settles that condition, and so
 * whether Flyway exists at all, when it is built.
 */
@Configuration(proxyBeanMethods = false)
class MigrationConfiguration {

	@Bean
	FlywayMigrationStrategy migrateAtStart(@Value("${storagesvc.migrate-at-start}") boolean migrate) {
		return flyway -> {
			if (migrate) {
				flyway.migrate();
			}
		};
	}

}
