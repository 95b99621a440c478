package com.example.deploy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;

/** The rules each pod and container must keep (Rule says which is which). */
final class PodRules {

	static final String LIVENESS = "/actuator/health/liveness";

	static final String READINESS = "/actuator/health/readiness";

	/** What Kubernetes waits when the pod does not say (terminationGracePeriodSeconds). */
	private static final long DEFAULT_GRACE_SECONDS = 30;

	/** Spring's own default for spring.lifecycle.timeout-per-shutdown-phase. */
	private static final Duration DEFAULT_SHUTDOWN_PHASE = Duration.ofSeconds(30);

	private PodRules() {
	}

	static List<String> probes(Manifests manifests, Render render) {
		return eachContainer(manifests, (workload, container) -> {
			List<String> violations = new ArrayList<>();
			if (container.getReadinessProbe() == null || container.getLivenessProbe() == null) {
				violations.add("needs a readiness and a liveness probe");
			}
			if (Workload.springService(container).isPresent()) {
				probedOn(container, "startupProbe", container.getStartupProbe(), LIVENESS, violations);
				probedOn(container, "livenessProbe", container.getLivenessProbe(), LIVENESS, violations);
				probedOn(container, "readinessProbe", container.getReadinessProbe(), READINESS, violations);
			}
			return violations;
		});
	}

	static List<String> shutdown(Manifests manifests, Render render) {
		return eachContainer(manifests, (workload, container) -> {
			if (Workload.springService(container).isEmpty()) {
				return List.of();
			}
			ContainerSettings settings = ContainerSettings.of(container, manifests);
			Optional<Long> preStop = preStopSleep(container);
			Duration phase = settings.duration("spring.lifecycle.timeout-per-shutdown-phase", DEFAULT_SHUTDOWN_PHASE);
			long grace = Optional.ofNullable(workload.pod().getTerminationGracePeriodSeconds()).orElse(DEFAULT_GRACE_SECONDS);
			List<String> violations = new ArrayList<>();
			if (preStop.isEmpty()) {
				violations.add("needs a preStop [sleep, seconds], for callers to learn the pod is going");
			}
			if (!"graceful".equals(settings.text("server.shutdown").orElse("immediate"))) {
				violations.add("server.shutdown is not graceful");
			}
			Duration needed = Duration.ofSeconds(preStop.orElse(0L)).plus(phase);
			if (needed.compareTo(Duration.ofSeconds(grace)) >= 0) {
				violations.add("preStop " + preStop.orElse(0L) + " s + shutdown phase " + phase.toSeconds()
						+ " s is not inside terminationGracePeriodSeconds " + grace);
			}
			return violations;
		});
	}

	static List<String> settings(Manifests manifests, Render render) {
		return eachContainer(manifests, (workload, container) -> Workload.springService(container).isEmpty() ? List.of()
				: ContainerSettings.of(container, manifests).unreadable().stream()
					.map(source -> source + " changes settings the build cannot check")
					.toList());
	}

	static List<String> resources(Manifests manifests, Render render) {
		return everyContainer(manifests, (workload, container) -> {
			Map<String, Quantity> requests = Optional.ofNullable(container.getResources().getRequests()).orElse(Map.of());
			Map<String, Quantity> limits = Optional.ofNullable(container.getResources().getLimits()).orElse(Map.of());
			List<String> violations = new ArrayList<>();
			if (!requests.containsKey("cpu")) {
				violations.add("requests no CPU");
			}
			Quantity requested = requests.get("memory");
			Quantity limited = limits.get("memory");
			if (requested == null || limited == null
					|| Quantity.getAmountInBytes(requested).compareTo(Quantity.getAmountInBytes(limited)) != 0) {
				violations.add("memory request " + requested + " is not its limit " + limited);
			}
			return violations;
		});
	}

	static List<String> images(Manifests manifests, Render render) {
		return everyContainer(manifests, (workload, container) -> {
			String image = container.getImage();
			String afterRegistry = image.substring(image.lastIndexOf('/') + 1);
			boolean digest = image.contains("@sha256:");
			boolean tagged = afterRegistry.contains(":") && !afterRegistry.endsWith(":latest");
			return (digest || tagged) ? List.of() : List.of("image " + image + " is not pinned (a tag, not latest, or a digest)");
		});
	}

	private static void probedOn(Container container, String kind, Probe probe, String path, List<String> violations) {
		if (probe == null || probe.getHttpGet() == null || !path.equals(probe.getHttpGet().getPath())) {
			violations.add(kind + " is not an HTTP GET of " + path);
			return;
		}
		String port = probe.getHttpGet().getPort().getStrVal();
		if (container.getPorts().stream().map(ContainerPort::getName).noneMatch(name -> Objects.equals(name, port))) {
			violations.add(kind + " is not on a named port of the container");
		}
	}

	/** The seconds of a {@code preStop: exec: [sleep, N]}. */
	private static Optional<Long> preStopSleep(Container container) {
		return Optional.ofNullable(container.getLifecycle())
			.map(lifecycle -> lifecycle.getPreStop())
			.map(handler -> handler.getExec())
			.map(exec -> exec.getCommand())
			.filter(command -> command.size() == 2 && command.get(0).equals("sleep") && command.get(1).matches("\\d+"))
			.map(command -> Long.parseLong(command.get(1)));
	}

	/** Each (long-running) container of each workload, its violations prefixed with where it is. */
	static List<String> eachContainer(Manifests manifests, ContainerCheck check) {
		return check(manifests, Workload::containers, check);
	}

	/** As {@link #eachContainer}, init containers included. */
	static List<String> everyContainer(Manifests manifests, ContainerCheck check) {
		return check(manifests, Workload::everyContainer, check);
	}

	private static List<String> check(Manifests manifests, Function<Workload, List<Container>> containers, ContainerCheck check) {
		List<String> violations = new ArrayList<>();
		for (Workload workload : manifests.workloads()) {
			for (Container container : containers.apply(workload)) {
				check.violations(workload, container).forEach(v -> violations.add(workload + "/" + container.getName() + ": " + v));
			}
		}
		return violations;
	}

	@FunctionalInterface
	interface ContainerCheck {

		List<String> violations(Workload workload, Container container);

	}

}
