package com.example.storagesvc.chaos;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.servlet.HandlerInterceptor;

/** Applies the current {@link ChaosSettings} to each book request, before it reaches the controller. */
class Chaos implements HandlerInterceptor {

	private static final Logger log = LoggerFactory.getLogger(Chaos.class);

	private final AtomicReference<ChaosSettings> settings;

	private final Duration retryAfter;

	private final Supplier<RandomGenerator> random;

	Chaos(ChaosSettings initial, Duration retryAfter, Supplier<RandomGenerator> random) {
		this.settings = new AtomicReference<>(initial);
		this.retryAfter = retryAfter;
		this.random = random;
		if (!initial.equals(ChaosSettings.NONE)) {
			log.warn("Chaos on: {}", initial);
		}
	}

	ChaosSettings settings() {
		return settings.get();
	}

	void change(ChaosSettings changed) {
		log.warn("Chaos changed: {}", changed);
		settings.set(changed);
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
			throws InterruptedException {
		ChaosSettings current = settings.get();
		RandomGenerator random = this.random.get();
		Duration latency = current.nextLatency(random);
		if (latency.isPositive()) {
			// Request threads are virtual: a sleeping one costs next to nothing.
			Thread.sleep(latency);
		}
		if (current.nextFails(random)) {
			throw new ChaosFailure(retryAfter);
		}
		return true;
	}

	/** The 503 a struggling storagesvc would send. */
	static class ChaosFailure extends ErrorResponseException {

		ChaosFailure(Duration retryAfter) {
			super(HttpStatus.SERVICE_UNAVAILABLE, problem(), null);
			getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfter.toSeconds()));
		}

		private static ProblemDetail problem() {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
					"storagesvc is failing on purpose (chaos settings)");
			problem.setTitle("Service unavailable");
			return problem;
		}

	}

}
