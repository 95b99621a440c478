package com.example.deploy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.example.e2e.ServiceSettings;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;

/**
 * A Spring setting as a container of booksvc or storagesvc will see it: its environment (its own
 * variables over those of the ConfigMaps it takes them from), else its application.yml.
 */
final class ContainerSettings {

	private final Map<String, String> environment;

	private final ServiceSettings application;

	private ContainerSettings(Map<String, String> environment, ServiceSettings application) {
		this.environment = environment;
		this.application = application;
	}

	static ContainerSettings of(Container container, Manifests manifests) {
		String service = Workload.springService(container)
			.orElseThrow(() -> new IllegalArgumentException(container.getName() + " is not booksvc or storagesvc"));
		Map<String, String> environment = new HashMap<>();
		for (EnvFromSource source : Optional.ofNullable(container.getEnvFrom()).orElse(List.of())) {
			if (source.getConfigMapRef() != null) {
				environment.putAll(manifests.configMapData(source.getConfigMapRef().getName()));
			}
		}
		for (EnvVar variable : Optional.ofNullable(container.getEnv()).orElse(List.of())) {
			if (variable.getValue() != null) {
				environment.put(variable.getName(), variable.getValue());
			}
		}
		return new ContainerSettings(environment, ServiceSettings.of(service));
	}

	/**
	 * A setting such as {@code spring.lifecycle.timeout-per-shutdown-phase}, looked up under both
	 * names Spring binds from the environment ({@code SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE} and
	 * the legacy {@code SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE}).
	 */
	Optional<String> text(String property) {
		String upper = property.toUpperCase(Locale.ROOT).replace('.', '_');
		for (String variable : List.of(upper.replace("-", ""), upper.replace('-', '_'))) {
			if (environment.containsKey(variable)) {
				return Optional.of(environment.get(variable));
			}
		}
		return application.text(property);
	}

	Duration duration(String property, Duration springDefault) {
		return text(property).map(text -> ServiceSettings.duration(property, text)).orElse(springDefault);
	}

	int integer(String property) {
		return Integer.parseInt(text(property).orElseThrow(() -> new IllegalStateException("no " + property)).strip());
	}

}
