package com.example.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.Endpoint;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;

/** The rules on how the objects fit together (Rule says which is which). */
final class WiringRules {

	private static final Pattern CREDENTIAL = Pattern.compile("(?i).*(PASSWORD|SECRET|TOKEN|CREDENTIAL).*");

	private WiringRules() {
	}

	static List<String> selectors(Manifests manifests, Render render) {
		List<String> violations = new ArrayList<>();
		for (Workload workload : manifests.workloads()) {
			if (Selectors.isEmpty(workload.selector()) || !Selectors.matches(workload.selector(), workload.podLabels())) {
				violations.add(workload + ": its selector does not select its own pods");
			}
			for (TopologySpreadConstraint spread : Optional.ofNullable(workload.pod().getTopologySpreadConstraints()).orElse(List.of())) {
				if (spread.getLabelSelector() == null || !Selectors.matches(spread.getLabelSelector(), workload.podLabels())) {
					violations.add(workload + ": its topology spread does not count its own pods");
				}
			}
		}
		for (Service service : manifests.all(Service.class)) {
			if (hasSelector(service) && selected(manifests, service).isEmpty()) {
				violations.add("Service " + service.getMetadata().getName() + " selects no pods");
			}
		}
		for (PodDisruptionBudget budget : manifests.all(PodDisruptionBudget.class)) {
			if (manifests.workloads().stream().noneMatch(w -> Selectors.matches(budget.getSpec().getSelector(), w.podLabels()))) {
				violations.add("PodDisruptionBudget " + budget.getMetadata().getName() + " selects no pods");
			}
		}
		for (NetworkPolicy policy : manifests.all(NetworkPolicy.class)) {
			if (manifests.workloads().stream().noneMatch(w -> Selectors.matches(policy.getSpec().getPodSelector(), w.podLabels()))) {
				violations.add("NetworkPolicy " + policy.getMetadata().getName() + " selects no pods");
			}
		}
		for (HorizontalPodAutoscaler autoscaler : manifests.all(HorizontalPodAutoscaler.class)) {
			var target = autoscaler.getSpec().getScaleTargetRef();
			if (manifests.workload(target.getName()).filter(w -> w.kind().equals(target.getKind())).isEmpty()) {
				violations.add("HorizontalPodAutoscaler " + autoscaler.getMetadata().getName() + " scales nothing");
			}
		}
		for (ServiceMonitor monitor : manifests.all(ServiceMonitor.class)) {
			if (monitored(manifests, monitor).isEmpty()) {
				violations.add("ServiceMonitor " + monitor.getMetadata().getName() + " selects no Service");
			}
		}
		return violations;
	}

	static List<String> servicePorts(Manifests manifests, Render render) {
		List<String> violations = new ArrayList<>();
		for (Service service : manifests.all(Service.class)) {
			for (ServicePort port : service.getSpec().getPorts() == null ? List.<ServicePort>of() : service.getSpec().getPorts()) {
				IntOrString target = port.getTargetPort();
				String where = "Service " + service.getMetadata().getName() + " port " + port.getName();
				if (!hasSelector(service)) {
					continue;
				}
				if (target == null || target.getStrVal() == null) {
					violations.add(where + ": targetPort is not a container port's name");
					continue;
				}
				for (Workload workload : selected(manifests, service)) {
					if (workload.containers().stream().flatMap(c -> c.getPorts().stream()).map(ContainerPort::getName)
						.noneMatch(target.getStrVal()::equals)) {
						violations.add(where + ": " + workload + " has no container port named " + target.getStrVal());
					}
				}
			}
		}
		for (ServiceMonitor monitor : manifests.all(ServiceMonitor.class)) {
			for (Endpoint endpoint : monitor.getSpec().getEndpoints()) {
				for (Service service : monitored(manifests, monitor)) {
					if (service.getSpec().getPorts().stream().map(ServicePort::getName).noneMatch(endpoint.getPort()::equals)) {
						violations.add("ServiceMonitor " + monitor.getMetadata().getName() + ": Service "
								+ service.getMetadata().getName() + " has no port named " + endpoint.getPort());
					}
				}
			}
		}
		return violations;
	}

	static List<String> network(Manifests manifests, Render render) {
		return NetworkPaths.violations(manifests);
	}

	static List<String> secrets(Manifests manifests, Render render) {
		List<String> violations = new ArrayList<>();
		if (!render.secretsAllowed()) {
			manifests.all(Secret.class).forEach(s -> violations.add("Secret " + s.getMetadata().getName()
					+ " in the manifests: outside dev, Secrets come from outside this tree"));
		}
		for (ConfigMap config : manifests.all(ConfigMap.class)) {
			Optional.ofNullable(config.getData()).orElse(Map.of()).keySet().stream().filter(CREDENTIAL.asMatchPredicate())
				.forEach(key -> violations.add("ConfigMap " + config.getMetadata().getName() + ": " + key + " in plain sight"));
		}
		violations.addAll(PodRules.eachContainer(manifests, (workload, container) -> plainCredentials(container)));
		return violations;
	}

	private static List<String> plainCredentials(Container container) {
		return Optional.ofNullable(container.getEnv()).orElse(List.of()).stream()
			.filter(variable -> variable.getValue() != null && CREDENTIAL.matcher(variable.getName()).matches())
			.map(EnvVar::getName)
			.map(name -> name + " is a literal value, not a secretKeyRef")
			.toList();
	}

	/** An ExternalName Service (production-like's database and Redis) selects no pods, by design. */
	private static boolean hasSelector(Service service) {
		return service.getSpec().getSelector() != null && !service.getSpec().getSelector().isEmpty();
	}

	static List<Workload> selected(Manifests manifests, Service service) {
		return manifests.workloads().stream()
			.filter(w -> Selectors.matches(service.getSpec().getSelector(), w.podLabels()))
			.toList();
	}

	private static List<Service> monitored(Manifests manifests, ServiceMonitor monitor) {
		return manifests.all(Service.class).stream()
			.filter(s -> Selectors.matches(monitor.getSpec().getSelector(),
					Optional.ofNullable(s.getMetadata().getLabels()).orElse(Map.of())))
			.toList();
	}

}
