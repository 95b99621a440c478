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
		for (Workload workload : manifests.workloads()) {
			List<PodDisruptionBudget> budgets = manifests.all(PodDisruptionBudget.class).stream()
				.filter(budget -> Selectors.matches(budget.getSpec().getSelector(), workload.podLabels()))
				.toList();
			int fewest = manifests.minReplicas(workload);
			if (budgets.size() > 1) {
				violations.add(workload + ": more than one PodDisruptionBudget, and the eviction API refuses every eviction");
			}
			if (budgets.isEmpty() && fewest > 1) {
				violations.add(workload + ": " + fewest + " pods and no PodDisruptionBudget, so a drain may take them all");
			}
			budgets.forEach(budget -> violations.addAll(budgetViolations(budget, workload, fewest)));
		}
		for (Deployment deployment : manifests.all(Deployment.class)) {
			boolean service = deployment.getSpec().getTemplate().getSpec().getContainers().stream()
				.anyMatch(c -> Workload.springService(c).isPresent());
			if (service && !surgesFirst(deployment)) {
				violations.add("Deployment " + deployment.getMetadata().getName()
						+ ": a rollout must add one pod before it removes one (maxSurge 1, maxUnavailable 0)");
			}
		}
		return violations;
	}

	/**
	 * A drain must always be able to proceed (one pod at a time at least), and must never take the
	 * last pod of a workload that runs two or more. Counts only: a percentage rounds differently for
	 * minAvailable and maxUnavailable, which is how budgets end up blocking drains.
	 */
	private static List<String> budgetViolations(PodDisruptionBudget budget, Workload workload, int fewest) {
		String name = "PodDisruptionBudget " + budget.getMetadata().getName() + " of " + workload;
		IntOrString maxUnavailable = budget.getSpec().getMaxUnavailable();
		IntOrString minAvailable = budget.getSpec().getMinAvailable();
		IntOrString set = (maxUnavailable != null) ? maxUnavailable : minAvailable;
		if (set == null || set.getIntVal() == null) {
			return List.of(name + ": give maxUnavailable or minAvailable as a count");
		}
		int mayGo = (maxUnavailable != null) ? maxUnavailable.getIntVal() : fewest - minAvailable.getIntVal();
		if (mayGo < 1) {
			return List.of(name + ": a drain (" + fewest + " pods at least) could never proceed");
		}
		if (fewest > 1 && mayGo >= fewest) {
			return List.of(name + ": a drain may take all " + fewest + " pods at once");
		}
		return List.of();
	}

	private static boolean surgesFirst(Deployment deployment) {
		var strategy = deployment.getSpec().getStrategy();
		var rolling = (strategy != null && "RollingUpdate".equals(strategy.getType())) ? strategy.getRollingUpdate() : null;
		return rolling != null && rolling.getMaxSurge() != null && rolling.getMaxUnavailable() != null
				&& Integer.valueOf(1).equals(rolling.getMaxSurge().getIntVal())
				&& Integer.valueOf(0).equals(rolling.getMaxUnavailable().getIntVal());
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
		// the instance's own value overrides its base config's
		int bulkhead = booksvcSettings.text("resilience4j.bulkhead.instances.storagesvc.max-concurrent-calls")
			.map(text -> Integer.parseInt(text.strip()))
			.orElseGet(() -> booksvcSettings.integer("resilience4j.bulkhead.configs.default.max-concurrent-calls"));
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
