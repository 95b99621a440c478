package com.example.booksvc.edge;

import java.time.Clock;
import java.time.Duration;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.example.booksvc.resilience.LogSummary;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The lookup door on every handler mapping: it acts on {@link LookupDoor} handlers only. A shed
 * lookup shows in {@code http_server_requests} as the 503 it is, with the lookup's {@code uri}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LookupSheddingProperties.class)
class LookupSheddingConfiguration implements WebMvcConfigurer {

	private static final Logger log = LoggerFactory.getLogger(LookupShedding.class);

	/** The bulkhead's settings are in application.yml, {@code resilience4j.bulkhead.instances.lookups}. */
	static final String LOOKUPS = "lookups";

	private final LookupShedding door;

	LookupSheddingConfiguration(BulkheadRegistry bulkheads, LookupSheddingProperties properties, MeterRegistry meters,
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
		this.door = new LookupShedding(lookups, properties.retryAfter(), BookQueries.answersCounter(meters, "shed"));
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(door);
	}

}
