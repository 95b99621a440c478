package com.example.booksvc.catalog;

import java.time.Clock;
import java.util.List;

import io.github.resilience4j.common.CompositeCustomizer;
import io.github.resilience4j.common.retry.configuration.CommonRetryConfigurationProperties;
import io.github.resilience4j.common.retry.configuration.RetryConfigCustomizer;
import io.github.resilience4j.core.registry.EntryAddedEvent;
import io.github.resilience4j.core.registry.EntryRemovedEvent;
import io.github.resilience4j.core.registry.EntryReplacedEvent;
import io.github.resilience4j.core.registry.RegistryEventConsumer;
import io.github.resilience4j.retry.Retry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ResilienceConfiguration {

	private static final Logger log = LoggerFactory.getLogger(ResilienceConfiguration.class);

	/**
	 * The backoff stays in application.yml ({@code resilience4j.retry}); this only wraps it so that
	 * a {@code Retry-After} from storagesvc is honoured. The YAML-built config is taken without
	 * customizers, so the wrapping happens once.
	 */
	@Bean
	RetryConfigCustomizer honourRetryAfter(CommonRetryConfigurationProperties retryProperties) {
		return RetryConfigCustomizer.of(Catalog.STORAGESVC, builder -> {
			var configured = retryProperties.createRetryConfig(Catalog.STORAGESVC, new CompositeCustomizer<>(List.of()));
			builder.intervalBiFunction(new RetryAfterBackoff(configured.getIntervalBiFunction()));
		});
	}

	/**
	 * One log line per retry, and one when retries are exhausted, with the state of the breaker of
	 * the same name.
	 */
	@Bean
	RegistryEventConsumer<Retry> retryLog(CircuitBreakerTransitions breakers) {
		return new RegistryEventConsumer<>() {

			@Override
			public void onEntryAddedEvent(EntryAddedEvent<Retry> event) {
				Retry retry = event.getAddedEntry();
				retry.getEventPublisher()
					.onRetry(e -> withBreaker(log.atInfo(), retry).log("retry '{}' {} after {} ms (breaker {}): {}",
							retry.getName(), e.getNumberOfRetryAttempts(), e.getWaitInterval().toMillis(),
							breakers.state(retry.getName()), e.getLastThrowable().toString()))
					.onError(e -> withBreaker(log.atWarn(), retry).log("retry '{}' gave up after {} attempts (breaker {}): {}",
							retry.getName(), e.getNumberOfRetryAttempts(), breakers.state(retry.getName()),
							e.getLastThrowable().toString()));
			}

			private LoggingEventBuilder withBreaker(LoggingEventBuilder line, Retry retry) {
				return CircuitBreakerTransitions.withBreaker(line, retry.getName(), breakers.state(retry.getName()));
			}

			@Override
			public void onEntryRemovedEvent(EntryRemovedEvent<Retry> event) {
			}

			@Override
			public void onEntryReplacedEvent(EntryReplacedEvent<Retry> event) {
			}

		};
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
