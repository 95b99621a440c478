package com.example.booksvc.cache;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SocketOptions.KeepAliveOptions;
import io.lettuce.core.resource.Delay;

import org.springframework.boot.actuate.data.redis.RedisHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.data.redis.ClientResourcesBuilderCustomizer;
import org.springframework.boot.autoconfigure.data.redis.LettuceClientOptionsBuilderCustomizer;
import org.springframework.boot.autoconfigure.data.redis.RedisProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CacheProperties.class)
class CacheConfiguration {

	/**
	 * While Redis is disconnected, Lettuce's default is to queue commands until it reconnects: an
	 * unbounded queue, and callers waiting out the command timeout. Reject them at once instead;
	 * Lettuce keeps reconnecting in the background.
	 */
	@Bean
	LettuceClientOptionsBuilderCustomizer rejectCommandsWhileDisconnected() {
		return options -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
	}

	/**
	 * A Redis that vanishes without closing the connection (host gone, network cut) is noticed by
	 * TCP keep-alive within about 8 s, then Lettuce reconnects and rejects commands meanwhile; by
	 * default that takes hours. A Redis that is alive but does not answer (paused, overloaded) keeps
	 * answering keep-alives: the cache's breaker ({@code resilience4j.circuitbreaker.instances.redis})
	 * handles that one. The connect timeout is Spring Boot's setting, kept.
	 */
	@Bean
	LettuceClientOptionsBuilderCustomizer detectVanishedRedis(RedisProperties redis) {
		return options -> options.socketOptions(SocketOptions.builder()
			.connectTimeout(redis.getConnectTimeout())
			.keepAlive(KeepAliveOptions.builder()
				.enable()
				.idle(Duration.ofSeconds(5))
				.interval(Duration.ofSeconds(1))
				.count(3)
				.build())
			.build());
	}

	/**
	 * Lettuce reconnects on its own, backing off up to 30 s by default; cap it at 5 s so the cache
	 * is back within seconds of Redis.
	 */
	@Bean
	ClientResourcesBuilderCustomizer reconnectWithinSeconds() {
		return resources -> resources
			.reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(5), 2, TimeUnit.MILLISECONDS));
	}

	/**
	 * Redis down makes booksvc degraded, not down: it still answers live. Reported as
	 * CACHE_UNAVAILABLE (HTTP 200, see management.endpoint.health.status.order) instead of the
	 * stock indicator's DOWN; the bean name replaces Spring Boot's.
	 */
	@Bean
	HealthIndicator redisHealthIndicator(RedisConnectionFactory redis) {
		RedisHealthIndicator stock = new RedisHealthIndicator(redis);
		return () -> {
			Health health = stock.health();
			return Status.DOWN.equals(health.getStatus())
					? Health.status("CACHE_UNAVAILABLE").withDetails(health.getDetails()).build() : health;
		};
	}

	/**
	 * One writer thread. Its queue holds at most one write per key (LastGoodCache#remember), and a
	 * bounded number of keys: a flood of distinct ones (unknown ids, each a "no such book" check)
	 * against a slow Redis grew it, and the heap, without bound. A write that finds it full is
	 * rejected, and LastGoodCache counts it as dropped: only the caller knows which key to free.
	 */
	@Bean(destroyMethod = "shutdown")
	ExecutorService cacheWriter(CacheProperties properties) {
		return new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(properties.writeQueue()),
				Thread.ofPlatform().name("cache-writer").daemon().factory(), new ThreadPoolExecutor.AbortPolicy());
	}

}
