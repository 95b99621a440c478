package com.example.booksvc.catalog;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.wiremock.spring.InjectWireMock;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.data.redis.core.StringRedisTemplate;

/** What every on/off test uses: storagesvc played by WireMock, booksvc's API, its Redis, its breaker. */
abstract class OnOffFixture {

	@InjectWireMock("storagesvc")
	WireMockServer storagesvc;

	@Autowired
	TestRestTemplate http;

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	CircuitBreakerRegistry breakers;

	CircuitBreaker breaker() {
		return breakers.circuitBreaker(Catalog.STORAGESVC);
	}

	/** One good answer from storagesvc, kept in Redis for a fallback; then the breaker as new. */
	void answeredOnceAndCached() {
		breaker().reset();
		StoragesvcFaults.answeredOnceAndCached(storagesvc, http, redis);
		breaker().reset();
	}

}
