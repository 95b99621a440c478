package com.example.deploy;

import java.time.Duration;
import java.util.ArrayList;
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

	/**
	 * What changes Spring's settings in ways the rules cannot follow: profiles (ablation.yml's switch
	 * policies off), whole property sets, JVM options, other config files.
	 */
	private static final List<String> UNREADABLE = List.of("SPRING_PROFILES_ACTIVE", "SPRING_PROFILES_INCLUDE",
			"SPRING_APPLICATION_JSON", "SPRING_CONFIG_LOCATION", "SPRING_CONFIG_ADDITIONAL_LOCATION", "SPRING_CONFIG_IMPORT",
			"JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS");

	private final Map<String, String> environment;

	private final ServiceSettings application;

	private final List<String> unreadable;

	private ContainerSettings(Map<String, String> environment, ServiceSettings application, List<String> unreadable) {
		this.environment = environment;
		this.application = application;
		this.unreadable = unreadable;
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
		List<String> unreadable = new ArrayList<>();
		for (EnvVar variable : Optional.ofNullable(container.getEnv()).orElse(List.of())) {
			if (variable.getValue() != null) {
				environment.put(variable.getName(), variable.getValue());
			}
			else if (variable.getValueFrom() != null && variable.getValueFrom().getConfigMapKeyRef() != null) {
				var key = variable.getValueFrom().getConfigMapKeyRef();
				environment.put(variable.getName(), manifests.configMapData(key.getName()).get(key.getKey()));
			}
		}
		environment.keySet().stream().filter(UNREADABLE::contains).sorted().forEach(unreadable::add);
		if (!container.getArgs().isEmpty() || !container.getCommand().isEmpty()) {
			unreadable.add("the container's command or args");
		}
		return new ContainerSettings(environment, ServiceSettings.of(service), unreadable);
	}

	/** Where the container's settings come from something the rules cannot read: each a violation. */
	List<String> unreadable() {
		return unreadable;
	}

	/**
	 * A setting such as {@code spring.lifecycle.timeout-per-shutdown-phase}, looked up under both
	 * names Spring binds from the environment ({@code SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE} and
	 * the legacy {@code SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE}).
	 */
	Optional<String> text(String property) {
		String upper = property.toUpperCase(Locale.ROOT).replace('.', '_');
		for (String variable : List.of(property, upper.replace("-", ""), upper.replace('-', '_'))) {
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
