package com.example.booksvc.cache;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.lettuce.core.RedisConnectionException;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ConnectTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wiremock.spring.ConfigureWireMock;
import org.wiremock.spring.EnableWireMock;
import org.wiremock.spring.InjectWireMock;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.example.booksvc.Fixtures.storagesvcDownBeyondTheBudget;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A Redis whose connects hang (its accept queue full: new connections wait), on loopback: a
 * listener that never accepts, its backlog filled first, so that the kernel drops every new SYN and
 * a connect waits out booksvc's connect timeout. booksvc never got a connection to it, so each
 * command tries to connect, one at a time. With storagesvc down too, the cache's breaker must open
 * after its minimum number of calls; after that a fallback does not try to connect at all.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
		"booksvc.answer-reuse=0ms",
		// No half-open probe (one more connect) while the test counts; RedisOutageIT covers the way back.
		"resilience4j.circuitbreaker.instances.redis.wait-duration-in-open-state=60s" })
@EnableWireMock(@ConfigureWireMock(name = "storagesvc", baseUrlProperties = "storagesvc.base-url"))
class RedisConnectHangIT {

	private static final HungListener REDIS_LISTENER = HungListener.start();

	@InjectWireMock("storagesvc")
	private WireMockServer storagesvc;

	@Autowired
	private TestRestTemplate http;

	@Autowired
	private StringRedisTemplate redis;

	@Autowired
	private CircuitBreakerRegistry breakers;

	@Autowired
	private MeterRegistry meters;

	@Value("${spring.data.redis.connect-timeout}")
	private Duration connectTimeout;

	@DynamicPropertySource
	static void redisIsTheHungListener(DynamicPropertyRegistry properties) {
		properties.add("spring.data.redis.host", () -> REDIS_LISTENER.address().getHostString());
		properties.add("spring.data.redis.port", () -> REDIS_LISTENER.address().getPort());
	}

	@AfterAll
	static void closeListener() throws IOException {
		REDIS_LISTENER.close();
	}

	@BeforeEach
	void storagesvcDown() {
		storagesvc.resetAll();
		// beyond the latency budget: one call, then the fallback at once
		storagesvcDownBeyondTheBudget(storagesvc);
		breakers.circuitBreaker("storagesvc").reset();
		breakers.circuitBreaker(LastGoodCache.REDIS).reset();
	}

	@Test
	void aConnectThatHangsIsAConnectionFailure() {
		assertThat(REDIS_LISTENER.connectHangs(connectTimeout)).as("a new connect to the listener hangs").isTrue();

		assertThatThrownBy(() -> redis.opsForValue().get("any"))
			.isInstanceOf(RedisConnectionFailureException.class)
			.hasCauseInstanceOf(RedisConnectionException.class)
			.hasRootCauseInstanceOf(ConnectTimeoutException.class);
	}

	@Test
	void connectsThatHangOpenTheCachesBreakerAndLaterFallbacksPayNone() {
		CircuitBreaker cache = breakers.circuitBreaker(LastGoodCache.REDIS);
		int minimumCalls = cache.getCircuitBreakerConfig().getMinimumNumberOfCalls();
		double readErrors = cacheErrors("read");

		// given: the first fallbacks each wait out a connect
		for (int id = 1; id <= minimumCalls; id++) {
			Duration took = timedLookup(id);
			assertThat(took).as("fallback %d", id).isGreaterThanOrEqualTo(connectTimeout);
		}

		// then: the cache's breaker is open
		assertThat(cache.getState()).isEqualTo(CircuitBreaker.State.OPEN);

		// and the next fallbacks skip Redis: none reaches it, so none waits a connect (the breaker's
		// count says so; an answer's time on a loaded machine would not)
		for (int id = 100; id < 110; id++) {
			timedLookup(id);
		}
		assertThat(cache.getMetrics().getNumberOfNotPermittedCalls()).isEqualTo(10);
		assertThat(cacheErrors("read")).isEqualTo(readErrors + minimumCalls);
	}

	/** One lookup, storagesvc down and nothing cached: a 503 problem, and how long it took. */
	private Duration timedLookup(long id) {
		long start = System.nanoTime();
		assertThat(http.getForEntity("/books/" + id, String.class).getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		return Duration.ofNanos(System.nanoTime() - start);
	}

	private double cacheErrors(String operation) {
		return meters.counter("booksvc.cache.errors", "operation", operation).count();
	}

	/**
	 * A loopback listener that never accepts, with a backlog of one, filled by connections made
	 * here (Linux queues backlog + 1 of them): every connect after those hangs until its timeout.
	 */
	private record HungListener(ServerSocket server, List<Socket> filling) {

		private static final Duration FILL_CONNECT_TIMEOUT = Duration.ofMillis(200);

		static HungListener start() {
			try {
				ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
				HungListener listener = new HungListener(server, new ArrayList<>());
				while (!listener.connectHangs(FILL_CONNECT_TIMEOUT)) {
					if (listener.filling().size() > 10) {
						throw new IllegalStateException("the listener's backlog does not fill: " + listener.filling().size());
					}
				}
				return listener;
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}

		InetSocketAddress address() {
			return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
		}

		/** Tries one connect: true if it timed out; a connect that succeeds is kept, filling the backlog. */
		boolean connectHangs(Duration timeout) {
			Socket socket = new Socket();
			try {
				socket.connect(address(), (int) timeout.toMillis());
				filling.add(socket);
				return false;
			}
			catch (SocketTimeoutException ex) {
				closeQuietly(socket);
				return true;
			}
			catch (IOException ex) {
				closeQuietly(socket);
				throw new IllegalStateException(ex);
			}
		}

		void close() throws IOException {
			for (Socket socket : filling) {
				socket.close();
			}
			server.close();
		}

		private static void closeQuietly(Socket socket) {
			try {
				socket.close();
			}
			catch (IOException ignored) {
				// nothing was connected
			}
		}

	}

}
