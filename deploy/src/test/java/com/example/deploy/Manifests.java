package com.example.deploy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;

/** One overlay's objects, as rendered and typed, with the look-ups the rules share. */
record Manifests(List<HasMetadata> objects) {

	<T extends HasMetadata> List<T> all(Class<T> kind) {
		return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
	}

	/** What runs pods: Deployments and StatefulSets. */
	List<Workload> workloads() {
		Stream<Workload> deployments = all(Deployment.class).stream()
			.map(d -> new Workload("Deployment", d.getMetadata().getName(), d.getSpec().getReplicas(),
					d.getSpec().getSelector(), d.getSpec().getTemplate()));
		Stream<Workload> statefulSets = all(StatefulSet.class).stream()
			.map(s -> new Workload("StatefulSet", s.getMetadata().getName(), s.getSpec().getReplicas(),
					s.getSpec().getSelector(), s.getSpec().getTemplate()));
		return Stream.concat(deployments, statefulSets).toList();
	}

	Optional<Workload> workload(String name) {
		return workloads().stream().filter(w -> w.name().equals(name)).findFirst();
	}

	Optional<HorizontalPodAutoscaler> autoscalerOf(Workload workload) {
		return all(HorizontalPodAutoscaler.class).stream()
			.filter(hpa -> hpa.getSpec().getScaleTargetRef().getKind().equals(workload.kind())
					&& hpa.getSpec().getScaleTargetRef().getName().equals(workload.name()))
			.findFirst();
	}

	/** The fewest pods the workload runs with: its autoscaler's minimum, else its replicas (1 when unset). */
	int minReplicas(Workload workload) {
		return autoscalerOf(workload).map(hpa -> Optional.ofNullable(hpa.getSpec().getMinReplicas()).orElse(1))
			.orElseGet(() -> Optional.ofNullable(workload.replicas()).orElse(1));
	}

	int maxReplicas(Workload workload) {
		return autoscalerOf(workload).map(hpa -> hpa.getSpec().getMaxReplicas())
			.orElseGet(() -> Optional.ofNullable(workload.replicas()).orElse(1));
	}

	Map<String, String> configMapData(String name) {
		return all(ConfigMap.class).stream()
			.filter(c -> c.getMetadata().getName().equals(name))
			.findFirst()
			.map(c -> Optional.ofNullable(c.getData()).orElse(Map.of()))
			.orElseThrow(() -> new IllegalStateException("no ConfigMap " + name));
	}

}
