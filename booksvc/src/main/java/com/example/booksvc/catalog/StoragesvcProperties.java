package com.example.booksvc.catalog;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How booksvc reaches storagesvc. The resilience policies themselves are under
 * {@code resilience4j.*} in application.yml.
 *
 * @param baseUrl where storagesvc listens (env {@code STORAGESVC_BASE_URL})
 * @param connectTimeout longest wait for a TCP connection
 * @param readTimeout backstop for a response; the time limiter answers sooner
 * @param latencyBudget how long one booksvc answer may spend on storagesvc before falling back:
 * a {@code Retry-After} that does not fit in what is left is not waited for
 * @param maxConnections pooled connections to storagesvc; also caps concurrent calls to it
 */
@ConfigurationProperties("storagesvc")
public record StoragesvcProperties(URI baseUrl, @DefaultValue("250ms") Duration connectTimeout,
		@DefaultValue("1s") Duration readTimeout, @DefaultValue("1s") Duration latencyBudget,
		@DefaultValue("50") int maxConnections) {
}
