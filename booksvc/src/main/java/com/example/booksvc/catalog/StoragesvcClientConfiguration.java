package com.example.booksvc.catalog;

import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.apache.hc.core5.util.Timeout;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.client.ClientHttpRequestFactorySettings;
import org.springframework.boot.http.client.HttpComponentsClientHttpRequestFactoryBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientAdapter;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StoragesvcProperties.class)
class StoragesvcClientConfiguration {

	@Bean
	StoragesvcClient storagesvcClient(RestClient.Builder builder, HttpComponentsClientHttpRequestFactoryBuilder httpClients,
			StoragesvcProperties properties, Clock clock) {
		ClientHttpRequestFactorySettings timeouts = ClientHttpRequestFactorySettings.defaults()
			.withConnectTimeout(properties.connectTimeout())
			.withReadTimeout(properties.readTimeout());
		RestClient restClient = builder.baseUrl(properties.baseUrl().toString())
			.requestFactory(httpClients
				.withConnectionManagerCustomizer(pool -> pool.setMaxConnPerRoute(properties.maxConnections())
					.setMaxConnTotal(properties.maxConnections()))
				// Waiting for a pooled connection is bounded like connecting (the default is 3 minutes).
				.withDefaultRequestConfigCustomizer(request -> request
					.setConnectionRequestTimeout(Timeout.of(properties.connectTimeout())))
				.build(timeouts))
			.defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
				HttpStatusCode status = response.getStatusCode();
				if (status.value() == HttpStatus.NOT_FOUND.value()) {
					throw new StoragesvcNotFoundException(request.getURI().getPath());
				}
				if (status.is5xxServerError() || status.value() == HttpStatus.TOO_MANY_REQUESTS.value()) {
					String retryAfter = response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER);
					throw new StoragesvcErrorResponseException(status, RetryAfter.parse(retryAfter, clock).orElse(null));
				}
				throw new StoragesvcRejectedException(status);
			})
			.build();
		return HttpServiceProxyFactory.builderFor(RestClientAdapter.create(restClient))
			.build()
			.createClient(StoragesvcClient.class);
	}

	/** Calls to storagesvc block on I/O: one virtual thread each, named for the logs. */
	@Bean(destroyMethod = "close")
	ExecutorService storagesvcCalls() {
		return Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("storagesvc-", 0).factory());
	}

}
