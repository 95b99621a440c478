package com.example.booksvc.catalog;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;

import io.github.resilience4j.retry.annotation.Retry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The annotated methods take the request's own arguments and nothing else (the answer's deadline
 * is context, not a parameter), and each fallback takes those and the failure it answers: the
 * class reads, and lifts into another service, without booksvc's hardening around it.
 */
class CatalogSignaturesTest {

	@Test
	void theAnnotatedMethodsTakeOnlyTheRequestsArguments() {
		assertThat(guarded()).extracting(CatalogSignaturesTest::signature)
			.containsExactlyInAnyOrder("books()", "book(long)");
	}

	@Test
	void eachFallbackTakesTheGuardedMethodsArgumentsAndOneFailure() {
		for (Method method : guarded()) {
			List<Method> fallbacks = Arrays.stream(Catalog.class.getMethods())
				.filter(candidate -> candidate.getName().equals(method.getAnnotation(Retry.class).fallbackMethod()))
				.toList();
			assertThat(fallbacks).isNotEmpty();
			for (Method fallback : fallbacks) {
				List<Class<?>> parameters = List.of(fallback.getParameterTypes());
				assertThat(parameters.subList(0, parameters.size() - 1)).as(signature(fallback))
					.isEqualTo(List.of(method.getParameterTypes()));
				assertThat(Throwable.class.isAssignableFrom(parameters.get(parameters.size() - 1))).as(signature(fallback))
					.isTrue();
			}
		}
	}

	private static List<Method> guarded() {
		return Arrays.stream(Catalog.class.getMethods()).filter(method -> method.isAnnotationPresent(Retry.class)).toList();
	}

	private static String signature(Method method) {
		return method.getName() + Arrays.stream(method.getParameterTypes())
			.map(Class::getSimpleName)
			.toList()
			.toString()
			.replace('[', '(')
			.replace(']', ')');
	}

}
