package com.example.storagesvc.chaos;

import java.util.concurrent.ThreadLocalRandom;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ChaosProperties.class)
class ChaosConfiguration {

	@Bean
	Chaos chaos(ChaosProperties properties) {
		return new Chaos(properties.initialSettings(), properties.retryAfter(), ThreadLocalRandom::current);
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
