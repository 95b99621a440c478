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
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LookupSheddingProperties.class)
class LookupSheddingConfiguration {

	private static final Logger log = LoggerFactory.getLogger(LookupShedding.class);

	/** The bulkhead's settings are in application.yml, {@code resilience4j.bulkhead.instances.lookups}. */
	static final String LOOKUPS = "lookups";

	/**
	 * The door on every handler mapping; it acts on {@link LookupDoor} handlers only. A shed lookup
	 * shows in {@code http_server_requests} as the 503 it is, with the lookup's {@code uri}.
	 */
	@Bean
	WebMvcConfigurer lookupDoor(BulkheadRegistry bulkheads, LookupSheddingProperties properties, MeterRegistry meters,
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
		LookupShedding door = new LookupShedding(lookups, properties.retryAfter(),
				BookQueries.answersCounter(meters, "shed"));
		return new WebMvcConfigurer() {

			@Override
			public void addInterceptors(InterceptorRegistry registry) {
				registry.addInterceptor(door);
			}

		};
	}

}
