package com.example.booksvc;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;

/** Redis in a container, wired into Spring Data Redis through {@code @ServiceConnection}. */
@TestConfiguration(proxyBeanMethods = false)
public class RedisContainerConfiguration {

	public static final DockerImageName REDIS_IMAGE = DockerImageName.parse("redis:7-alpine");

	@Bean
	@ServiceConnection(name = "redis")
	GenericContainer<?> redis() {
		return new GenericContainer<>(REDIS_IMAGE).withExposedPorts(6379);
	}

}
