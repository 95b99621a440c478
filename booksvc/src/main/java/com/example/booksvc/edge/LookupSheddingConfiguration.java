package com.example.booksvc.edge;

import java.time.Clock;
import java.time.Duration;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.example.booksvc.resilience.LogSummary;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerExceptionResolver;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LookupSheddingProperties.class)
class LookupSheddingConfiguration {

	private static final Logger log = LoggerFactory.getLogger(LookupShedding.class);

	/** The bulkhead's settings are in application.yml, {@code resilience4j.bulkhead.instances.lookups}. */
	static final String LOOKUPS = "lookups";

	/**
	 * After the observation filter (Spring Boot orders it first), so that a shed lookup shows in
	 * {@code http_server_requests} as the 503 it is.
	 */
	@Bean
	FilterRegistrationBean<LookupShedding> lookupShedding(BulkheadRegistry bulkheads,
			LookupSheddingProperties properties,
			@Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems, MeterRegistry meters,
			Clock clock) {
		Bulkhead lookups = bulkheads.bulkhead(LOOKUPS);
		LogSummary lines = new LogSummary(Duration.ofSeconds(1), clock);
		lookups.getEventPublisher().onCallRejected(rejected -> {
			long shed = lines.occurrence(LOOKUPS);
			if (shed > 0) {
				log.warn("Shed {} book lookup(s) since the last such line: {} in flight already", shed,
						lookups.getBulkheadConfig().getMaxConcurrentCalls());
			}
		});
		Counter shed = BookQueries.answersCounter(meters, "shed");
		FilterRegistrationBean<LookupShedding> registration = new FilterRegistrationBean<>(
				new LookupShedding(lookups, properties.retryAfter(), problems, shed));
		registration.addUrlPatterns("/books/*");
		return registration;
	}

}
