package com.example.storagesvc.chaos;

import java.util.concurrent.ThreadLocalRandom;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.NoResourceFoundException;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ChaosProperties.class)
class ChaosConfiguration {

	@Bean
	Chaos chaos(ChaosProperties properties) {
		return new Chaos(properties.initialSettings(), properties.retryAfter(), ThreadLocalRandom::current);
	}

	/**
	 * Unless {@code storagesvc.chaos.endpoint-enabled=true}, {@code /chaos} answers, whatever the
	 * method, what a path that does not exist answers: 404. Decided when the application starts
	 * rather than by a condition on the controller, because the image runs on Spring AOT, which
	 * settles conditions when it is built.
	 */
	@Bean
	FilterRegistrationBean<Filter> chaosEndpointOff(ChaosProperties properties,
			@Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems) {
		Filter notFound = (request, response, chain) -> {
			HttpServletRequest http = (HttpServletRequest) request;
			problems.resolveException(http, (HttpServletResponse) response, null,
					new NoResourceFoundException(HttpMethod.valueOf(http.getMethod()), "chaos"));
		};
		FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(notFound);
		registration.addUrlPatterns("/chaos");
		registration.setEnabled(!properties.endpointEnabled());
		return registration;
	}

	/** Only the books API misbehaves; actuator stays truthful. */
	@Bean
	WebMvcConfigurer chaosOnBooks(Chaos chaos) {
		return new WebMvcConfigurer() {

			@Override
			public void addInterceptors(InterceptorRegistry registry) {
				registry.addInterceptor(chaos).addPathPatterns("/books", "/books/**");
			}

		};
	}

}
