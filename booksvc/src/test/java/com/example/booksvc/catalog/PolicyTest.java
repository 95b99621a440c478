package com.example.booksvc.catalog;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.wiremock.spring.ConfigureWireMock;
import org.wiremock.spring.EnableWireMock;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * booksvc against a storagesvc played by WireMock, for the on/off tests: the same settings with a
 * policy on and, under its profile (ablation.yml), off. Every request asks storagesvc, so that calls
 * count per request, and an open breaker stays open until a test is done with it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
		"booksvc.answer-reuse=0ms", "booksvc.not-found-reuse=0ms",
		"resilience4j.circuitbreaker.instances.storagesvc.wait-duration-in-open-state=60s" })
@EnableWireMock(@ConfigureWireMock(name = "storagesvc", baseUrlProperties = "storagesvc.base-url"))
@interface PolicyTest {

}
