package com.example.booksvc.resilience;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.common.CompositeCustomizer;
import io.github.resilience4j.common.retry.configuration.CommonRetryConfigurationProperties;
import io.github.resilience4j.common.retry.configuration.RetryConfigCustomizer;
import io.github.resilience4j.core.ContextAwareScheduledThreadPoolExecutor;
import io.github.resilience4j.core.registry.EntryAddedEvent;
import io.github.resilience4j.core.registry.EntryRemovedEvent;
import io.github.resilience4j.core.registry.EntryReplacedEvent;
import io.github.resilience4j.core.registry.RegistryEventConsumer;
import io.github.resilience4j.retry.Retry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.example.booksvc.storagesvc.DeadlinePropagator;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RetryProperties.class)
class ResilienceConfiguration {

	private static final Logger log = LoggerFactory.getLogger(ResilienceConfiguration.class);

	/**
	 * The backoff stays in application.yml ({@code resilience4j.retry}); this only wraps it in the
	 * {@link RetryPlan}: storagesvc's {@code Retry-After} honoured, no long wait, a budget. The
	 * YAML-built config is taken without customizers, so the wrapping happens once.
	 */
	@Bean
	RetryConfigCustomizer retryPlan(CommonRetryConfigurationProperties retryProperties, RetryProperties retries,
			RetryBudget budget, MeterRegistry meters, @Value("${booksvc.honour-retry-after}") boolean honour) {
		Map<String, Counter> refused = Stream.of("budget", "wait")
			.collect(Collectors.toMap(Function.identity(), reason -> Counter.builder("booksvc.retries.refused")
				.description("Retries of storagesvc calls not made, by reason: the retry budget spent, or a wait too long")
				.tag("reason", reason)
				.register(meters)));
		RetryPlan.Refusals refusals = reason -> refused.get(reason).increment();
		return RetryConfigCustomizer.of(StoragesvcBreaker.POLICIES, builder -> {
			if (honour) {
				var configured = retryProperties.createRetryConfig(StoragesvcBreaker.POLICIES, new CompositeCustomizer<>(List.of()));
				builder.intervalBiFunction(
						new RetryPlan(configured.getIntervalBiFunction(), retries.longestWait(), retries.shedWait(), budget,
								refusals));
			}
		});
	}

	/**
	 * One log line per retry, and one when retries are exhausted, with the breaker's state.
	 */
	@Bean
	RegistryEventConsumer<Retry> retryLog(StoragesvcBreaker breaker) {
		return new RegistryEventConsumer<>() {

			@Override
			public void onEntryAddedEvent(EntryAddedEvent<Retry> event) {
				Retry retry = event.getAddedEntry();
				retry.getEventPublisher()
					.onRetry(e -> {
						CircuitBreaker.State state = breaker.state();
						breaker.fields(log.atInfo(), state).log("retry '{}' {} after {} ms (breaker {}): {}", retry.getName(),
								e.getNumberOfRetryAttempts(), e.getWaitInterval().toMillis(), state, e.getLastThrowable().toString());
					})
					.onError(e -> {
						CircuitBreaker.State state = breaker.state();
						breaker.fields(log.atWarn(), state).log("retry '{}' gave up after {} attempts (breaker {}): {}",
								retry.getName(), e.getNumberOfRetryAttempts(), state, e.getLastThrowable().toString());
					});
			}

			@Override
			public void onEntryRemovedEvent(EntryRemovedEvent<Retry> event) {
			}

			@Override
			public void onEntryReplacedEvent(EntryReplacedEvent<Retry> event) {
			}

		};
	}

	/**
	 * The scheduler of the retries and the time limits (the aspects take it when there is one),
	 * carrying the answer's deadline onto its threads: a retry honours the deadline of the first
	 * attempt. A bean of its own rather than {@code resilience4j.scheduled.executor}: the aspects
	 * are created before configuration properties are bound, so that one's pool size reads 0.
	 */
	@Bean(destroyMethod = "shutdownNow")
	ContextAwareScheduledThreadPoolExecutor policyScheduler(@Value("${booksvc.policy-scheduler-threads}") int threads) {
		return ContextAwareScheduledThreadPoolExecutor.newScheduledThreadPool()
			.corePoolSize(threads)
			.contextPropagators(new DeadlinePropagator())
			.build();
	}

	/** Fallbacks wait on Redis: one virtual thread each, named for the logs. */
	@Bean(destroyMethod = "close")
	ExecutorService fallbacks() {
		return Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("fallback-", 0).factory());
	}

}
