package com.example.deploy;

import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/** The rules on how many pods run: drains, rollouts, the autoscaler, and what storagesvc can take. */
final class ScalingRules {

	private ScalingRules() {
	}

	static List<String> disruption(Manifests manifests, Render render) {
		List<String> violations = new ArrayList<>();
		for (PodDisruptionBudget budget : manifests.all(PodDisruptionBudget.class)) {
			String name = "PodDisruptionBudget " + budget.getMetadata().getName();
			IntOrString maxUnavailable = budget.getSpec().getMaxUnavailable();
			IntOrString minAvailable = budget.getSpec().getMinAvailable();
			for (Workload workload : manifests.workloads()) {
				if (!Selectors.matches(budget.getSpec().getSelector(), workload.podLabels())) {
					continue;
				}
				int fewest = manifests.minReplicas(workload);
				boolean drainable = (maxUnavailable != null && maxUnavailable.getIntVal() != null && maxUnavailable.getIntVal() >= 1)
						|| (minAvailable != null && minAvailable.getIntVal() != null && minAvailable.getIntVal() < fewest);
				if (!drainable) {
					violations.add(name + ": a drain of " + workload + " (" + fewest + " pods at least) could never proceed");
				}
			}
		}
		for (Deployment deployment : manifests.all(Deployment.class)) {
			var strategy = deployment.getSpec().getStrategy();
			boolean surgeFirst = strategy != null && "RollingUpdate".equals(strategy.getType())
					&& strategy.getRollingUpdate() != null
					&& Integer.valueOf(1).equals(strategy.getRollingUpdate().getMaxSurge().getIntVal())
					&& Integer.valueOf(0).equals(strategy.getRollingUpdate().getMaxUnavailable().getIntVal());
			boolean service = deployment.getSpec().getTemplate().getSpec().getContainers().stream()
				.anyMatch(c -> Workload.springService(c).isPresent());
			if (service && !surgeFirst) {
				violations.add("Deployment " + deployment.getMetadata().getName()
						+ ": a rollout must add one pod before it removes one (maxSurge 1, maxUnavailable 0)");
			}
		}
		return violations;
	}

	static List<String> autoscaling(Manifests manifests, Render render) {
		List<String> violations = new ArrayList<>();
		for (HorizontalPodAutoscaler autoscaler : manifests.all(HorizontalPodAutoscaler.class)) {
			String target = autoscaler.getSpec().getScaleTargetRef().getName();
			manifests.workload(target).filter(w -> w.replicas() != null)
				.ifPresent(w -> violations.add(w + " has replicas of its own beside its HorizontalPodAutoscaler"));
			boolean onCpu = autoscaler.getSpec().getMetrics().stream()
				.anyMatch(m -> "Resource".equals(m.getType()) && "cpu".equals(m.getResource().getName()));
			if (!onCpu) {
				violations.add("HorizontalPodAutoscaler " + autoscaler.getMetadata().getName() + " does not scale on CPU");
			}
		}
		return violations;
	}

	static List<String> capacity(Manifests manifests, Render render) {
		Workload booksvc = manifests.workload("booksvc").orElseThrow();
		Workload storagesvc = manifests.workload("storagesvc").orElseThrow();
		ContainerSettings booksvcSettings = ContainerSettings.of(booksvc.containers().get(0), manifests);
		ContainerSettings storagesvcSettings = ContainerSettings.of(storagesvc.containers().get(0), manifests);
		int bulkhead = booksvcSettings.integer("resilience4j.bulkhead.configs.default.max-concurrent-calls");
		int door = booksvcSettings.integer("resilience4j.bulkhead.instances.lookups.max-concurrent-calls");
		int shedding = storagesvcSettings.integer("storagesvc.load-shedding.max-concurrent-calls");
		int inFlight = manifests.maxReplicas(booksvc) * bulkhead;
		int served = manifests.minReplicas(storagesvc) * shedding;
		List<String> violations = new ArrayList<>();
		if (inFlight > served) {
			violations.add(manifests.maxReplicas(booksvc) + " booksvc × bulkhead " + bulkhead + " = " + inFlight
					+ " attempts in flight, beyond " + manifests.minReplicas(storagesvc) + " storagesvc × " + shedding + " = "
					+ served + " before it sheds");
		}
		if (door >= bulkhead) {
			violations.add("booksvc's door (" + door + " lookups) is not below its bulkhead (" + bulkhead + ")");
		}
		return violations;
	}

}
