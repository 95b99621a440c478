package com.example.storagesvc.shedding;

import java.time.Duration;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerExceptionResolver;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LoadSheddingProperties.class)
class LoadSheddingConfiguration {

	private static final Logger log = LoggerFactory.getLogger(LoadSheddingConfiguration.class);

	private static final String BOOKS = "books";

	@Bean
	BulkheadRegistry bulkheadRegistry(LoadSheddingProperties properties) {
		return BulkheadRegistry.of(BulkheadConfig.custom()
			.maxConcurrentCalls(properties.maxConcurrentCalls())
			.maxWaitDuration(properties.maxWaitDuration())
			.build());
	}

	/** {@code resilience4j_bulkhead_available_concurrent_calls{name="books"}} and its maximum. */
	@Bean
	MeterBinder bulkheadMetrics(BulkheadRegistry bulkheads) {
		return TaggedBulkheadMetrics.ofBulkheadRegistry(bulkheads);
	}

	/**
	 * Only the books API is shed; actuator stays outside, so health and probes answer while it
	 * sheds. A filter runs before the DispatcherServlet and so before every handler interceptor:
	 * a request slowed by the chaos interceptor's latency holds its permit while it waits, as a
	 * request slowed by the database would.
	 */
	@Bean
	FilterRegistrationBean<LoadSheddingFilter> loadSheddingOnBooks(BulkheadRegistry bulkheads,
			LoadSheddingProperties properties,
			@Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems) {
		Bulkhead books = bulkheads.bulkhead(BOOKS);
		ShedLog shedLog = new ShedLog(Duration.ofSeconds(1), System::nanoTime,
				shed -> log.warn("Shed {} book request(s) since the last report: {} in flight already", shed,
						properties.maxConcurrentCalls()));
		books.getEventPublisher().onCallRejected(rejected -> shedLog.shed());
		FilterRegistrationBean<LoadSheddingFilter> registration = new FilterRegistrationBean<>(
				new LoadSheddingFilter(books, properties.retryAfter(), problems));
		registration.addUrlPatterns("/books", "/books/*");
		return registration;
	}

}
