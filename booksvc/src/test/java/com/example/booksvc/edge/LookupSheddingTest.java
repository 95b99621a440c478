package com.example.booksvc.edge;

import java.lang.reflect.Method;
import java.time.Duration;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.method.HandlerMethod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LookupSheddingTest {

	private final Bulkhead door = Bulkhead.of("lookups", BulkheadConfig.custom().maxConcurrentCalls(1).build());

	private final Counter shed = new SimpleMeterRegistry().counter("shed");

	private final LookupShedding shedding = new LookupShedding(door, Duration.ofSeconds(1), shed);

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	@Test
	void aHandlerNotBehindTheDoorTakesNoPermit() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest();

		assertThat(shedding.preHandle(request, response, handler("list"))).isTrue();

		assertThat(door.getMetrics().getAvailableConcurrentCalls()).isEqualTo(1);
	}

	@Test
	void aLookupHoldsOnePermitUntilItCompletesEvenOverAnAsyncRedispatch() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest();
		HandlerMethod lookup = handler("lookup");

		assertThat(shedding.preHandle(request, response, lookup)).isTrue();
		// its async dispatch comes through the door again, with the permit it holds
		assertThat(shedding.preHandle(request, response, lookup)).isTrue();
		assertThat(door.getMetrics().getAvailableConcurrentCalls()).isZero();

		shedding.afterCompletion(request, response, lookup, null);
		shedding.afterCompletion(request, response, lookup, null);
		assertThat(door.getMetrics().getAvailableConcurrentCalls()).isEqualTo(1);
		assertThat(shed.count()).isZero();
	}

	@Test
	void aLookupFindingEveryPermitTakenIsShedAndCounted() throws Exception {
		HandlerMethod lookup = handler("lookup");
		shedding.preHandle(new MockHttpServletRequest(), response, lookup);

		assertThatThrownBy(() -> shedding.preHandle(new MockHttpServletRequest(), response, lookup))
			.isInstanceOf(LookupShedding.TooManyLookupsInFlight.class);
		assertThat(shed.count()).isEqualTo(1);
	}

	private static HandlerMethod handler(String name) throws NoSuchMethodException {
		Method method = Handlers.class.getDeclaredMethod(name);
		return new HandlerMethod(new Handlers(), method);
	}

	static class Handlers {

		@LookupDoor
		void lookup() {
		}

		void list() {
		}

	}

}
