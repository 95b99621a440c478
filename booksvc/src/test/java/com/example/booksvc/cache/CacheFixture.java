package com.example.booksvc.cache;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ValueOperations;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * The last-good cache without Docker: its own code and its own writer (CacheConfiguration), over a
 * Redis the test plays, a map behind a gate. While the gate is shut every command waits, as on a
 * Redis that is slow but answers within its timeout: the writer's first task holds it, and what
 * comes after queues.
 */
public final class CacheFixture {

	/** As Spring Boot configures it: dates as ISO text. */
	public static final ObjectMapper JSON = Jackson2ObjectMapperBuilder.json()
		.featuresToDisable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
		.build();

	public static final String KEY_PREFIX = "booksvc:v1:";

	/** The writer's queue here: small, so that a test fills it. */
	public static final int WRITE_QUEUE = 16;

	private static final CacheProperties PROPERTIES = new CacheProperties(Duration.ofHours(1), KEY_PREFIX, WRITE_QUEUE);

	/** What Redis holds, by full key. */
	public final Map<String, String> stored = new ConcurrentHashMap<>();

	/** Commands Redis was sent. */
	public final AtomicInteger reads = new AtomicInteger();

	public final WriterProbe writer;

	private final CountDownLatch gate = new CountDownLatch(1);

	private final StringRedisTemplate redis = mock(StringRedisTemplate.class);

	public CacheFixture() {
		this.writer = new WriterProbe(new CacheConfiguration().cacheWriter(PROPERTIES));
		@SuppressWarnings("unchecked")
		ValueOperations<String, String> values = mock(ValueOperations.class);
		when(redis.opsForValue()).thenReturn(values);
		when(values.multiGet(anyCollection())).thenAnswer(call -> {
			reads.incrementAndGet();
			awaitGate();
			Collection<String> keys = call.getArgument(0);
			return keys.stream().map(stored::get).toList();
		});
		doAnswer(call -> {
			awaitGate();
			stored.put(call.getArgument(0), call.getArgument(1));
			return null;
		}).when(values).set(anyString(), anyString(), any(Duration.class));
	}

	public LastGoodCache cache(ObjectMapper json, Clock clock, MeterRegistry meters) {
		return new LastGoodCache(redis, json, PROPERTIES, clock, writer,
				CircuitBreakerRegistry.ofDefaults(), meters);
	}

	public void openGate() {
		gate.countDown();
	}

	private void awaitGate() throws InterruptedException {
		if (!gate.await(30, TimeUnit.SECONDS)) {
			throw new IllegalStateException("the test never opened the gate");
		}
	}

	/** The writer as the test sees it: how many tasks it has taken and not started yet. */
	public static final class WriterProbe extends AbstractExecutorService {

		private final ExecutorService writer;

		private final AtomicInteger accepted = new AtomicInteger();

		private final AtomicInteger started = new AtomicInteger();

		WriterProbe(ExecutorService writer) {
			this.writer = writer;
		}

		public int waiting() {
			return accepted.get() - started.get();
		}

		public int started() {
			return started.get();
		}

		@Override
		public void execute(Runnable task) {
			writer.execute(() -> {
				started.incrementAndGet();
				task.run();
			});
			accepted.incrementAndGet();
		}

		@Override
		public void shutdown() {
			writer.shutdown();
		}

		@Override
		public List<Runnable> shutdownNow() {
			return writer.shutdownNow();
		}

		@Override
		public boolean isShutdown() {
			return writer.isShutdown();
		}

		@Override
		public boolean isTerminated() {
			return writer.isTerminated();
		}

		@Override
		public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
			return writer.awaitTermination(timeout, unit);
		}

	}

}
