package com.example.storagesvc;

import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;

/** PostgreSQL in a container, wired into the datasource and Flyway through {@code @ServiceConnection}. */
@TestConfiguration(proxyBeanMethods = false)
public class PostgresContainerConfiguration {

	public static final DockerImageName POSTGRES_IMAGE = DockerImageName.parse("postgres:16-alpine");

	@Bean
	@ServiceConnection
	PostgreSQLContainer<?> postgres() {
		return new PostgreSQLContainer<>(POSTGRES_IMAGE);
	}

}
