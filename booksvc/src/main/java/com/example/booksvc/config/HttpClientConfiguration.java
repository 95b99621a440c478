package com.example.booksvc.config;

import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpComponentsClientHttpRequestFactoryBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class HttpClientConfiguration {

	/**
	 * Every HTTP client Spring Boot builds here (RestClient, RestTemplate) uses Apache HttpClient
	 * with its automatic retries off. Left on, it re-sends a GET after an I/O error and honours a
	 * 503's Retry-After by itself (the JDK client likewise retries a GET when a connection drops):
	 * hidden retries that multiply load on a sick peer behind resilience4j's back. Only the
	 * {@code @Retry} policy decides what is retried.
	 */
	@Bean
	HttpComponentsClientHttpRequestFactoryBuilder httpClients() {
		return ClientHttpRequestFactoryBuilder.httpComponents()
			.withHttpClientCustomizer(HttpClientBuilder::disableAutomaticRetries);
	}

}
