package com.example.booksvc.storagesvc;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * How booksvc reaches storagesvc. The resilience policies themselves are under
 * {@code resilience4j.*} in application.yml.
 *
 * @param baseUrl where storagesvc listens (env {@code STORAGESVC_BASE_URL})
 * @param connectTimeout longest wait for a TCP connection, and for a pooled one
 * @param readTimeout backstop for a response; the time limiter answers sooner
 * @param latencyBudget the most one booksvc answer may take, everything included: attempts,
 * backoff, {@code Retry-After} waits and the fallback's cache read
 * @param maxConnections pooled connections to storagesvc; also caps concurrent calls to it
 * @param maxResponseSize a larger answer from storagesvc is malformed, read no further
 */
@ConfigurationProperties("storagesvc")
public record StoragesvcProperties(URI baseUrl, Duration connectTimeout, Duration readTimeout, Duration latencyBudget,
		int maxConnections, DataSize maxResponseSize) {
}
