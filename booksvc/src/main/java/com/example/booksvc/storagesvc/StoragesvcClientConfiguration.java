package com.example.booksvc.storagesvc;

import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.httpcomponents.hc5.PoolingHttpClientConnectionManagerMetricsBinder;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.Timeout;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.client.ClientHttpRequestFactorySettings;
import org.springframework.boot.http.client.HttpComponentsClientHttpRequestFactoryBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientAdapter;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StoragesvcProperties.class)
class StoragesvcClientConfiguration {

	@Bean
	StoragesvcClient storagesvcClient(RestClient.Builder builder, HttpComponentsClientHttpRequestFactoryBuilder httpClients,
			PoolingHttpClientConnectionManager storagesvcConnections, StoragesvcProperties properties, Clock clock,
			ObjectMapper json) {
		RestClient restClient = builder.baseUrl(properties.baseUrl().toString())
			.requestFactory(httpClients.withHttpClientCustomizer(client -> client.setConnectionManager(storagesvcConnections)
				.addExecInterceptorFirst("exchange", Storagesvc.Exchange.tracker()))
				// Waiting for a pooled connection is bounded like connecting (the default is 3 minutes).
				.withDefaultRequestConfigCustomizer(request -> request
					.setConnectionRequestTimeout(Timeout.of(properties.connectTimeout())))
				.build(ClientHttpRequestFactorySettings.defaults()))
			.requestInterceptor(new ResponseSizeLimit(properties.maxResponseSize().toBytes()))
			.defaultStatusHandler(HttpStatusCode::isError,
					(request, response) -> ErrorStatus.fail(request, response, clock, json))
			.build();
		return HttpServiceProxyFactory.builderFor(RestClientAdapter.create(restClient))
			.build()
			.createClient(StoragesvcClient.class);
	}

	/**
	 * The connections to storagesvc, a bean of its own so that its use shows in the metrics
	 * ({@code httpcomponents.httpclient.pool.*}, pool "storagesvc"): leased connections staying up
	 * after the answers are attempts that were given up on but still hold a connection.
	 */
	@Bean(destroyMethod = "close")
	PoolingHttpClientConnectionManager storagesvcConnections(StoragesvcProperties properties) {
		return PoolingHttpClientConnectionManagerBuilder.create()
			.setMaxConnTotal(properties.maxConnections())
			.setMaxConnPerRoute(properties.maxConnections())
			.setDefaultConnectionConfig(ConnectionConfig.custom()
				.setConnectTimeout(Timeout.of(properties.connectTimeout()))
				.setSocketTimeout(Timeout.of(properties.readTimeout()))
				.build())
			.build();
	}

	@Bean
	MeterBinder storagesvcConnectionMetrics(PoolingHttpClientConnectionManager storagesvcConnections) {
		return new PoolingHttpClientConnectionManagerMetricsBinder(storagesvcConnections, "storagesvc");
	}

	/**
	 * Attempts to storagesvc, on platform threads (named for the logs): the OS schedules a thread
	 * whose answer has arrived at once, whereas a virtual thread waits its turn behind every request
	 * booksvc has queued. Under a flood that wait was hundreds of milliseconds, which the time
	 * limiter and the breaker counted as storagesvc's slowness. Unbounded here, bounded by the
	 * bulkhead (10 attempts in flight); an idle thread ends after a minute.
	 */
	@Bean(destroyMethod = "close")
	ExecutorService storagesvcCalls() {
		return Executors.newCachedThreadPool(Thread.ofPlatform().name("storagesvc-", 0).daemon().factory());
	}

	/** Fires each answer's deadline (see Deadline); a cancelled one leaves the queue at once. */
	@Bean(destroyMethod = "shutdownNow")
	ScheduledExecutorService deadlineTimers() {
		ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1,
				Thread.ofPlatform().name("deadline-timer").daemon().factory());
		timers.setRemoveOnCancelPolicy(true);
		return timers;
	}

}
