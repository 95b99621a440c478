package com.example.deploy;

import java.util.List;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each overlay a user applies, rendered by kubectl kustomize, read strictly into Kubernetes' typed
 * models, and held to every rule; then what each overlay is for.
 */
class KubernetesManifestsTest {

	static List<Render> overlays() {
		return Render.overlays();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("overlays")
	void rendersStrictlyValidObjectsThatKeepEveryRule(Render overlay) {
		Manifests manifests = overlay.manifests();

		assertThat(manifests.workloads()).extracting(Workload::name).contains("booksvc", "storagesvc");
		for (Rule rule : Rule.values()) {
			assertThat(rule.violations(manifests, overlay)).as(rule + " in " + overlay).isEmpty();
		}
	}

	@Test
	void devRunsEverythingInTheClusterWithTwoBooksvcAndDemoCredentials() {
		Manifests dev = Render.overlays().get(0).manifests();

		assertThat(dev.workloads()).extracting(Workload::name)
			.containsExactlyInAnyOrder("booksvc", "storagesvc", "postgres", "redis");
		assertThat(dev.workload("booksvc").orElseThrow().replicas()).isEqualTo(2);
		assertThat(dev.all(HorizontalPodAutoscaler.class)).isEmpty();
		assertThat(dev.all(Secret.class)).extracting(s -> s.getMetadata().getName())
			.anyMatch(name -> name.startsWith("storagesvc-database-"))
			.anyMatch(name -> name.startsWith("postgres-superuser-"));
	}

	@Test
	void productionLikeAutoscalesBooksvcBesideTwoStoragesvcAndTakesItsDatabaseFromOutside() {
		Manifests production = Render.overlays().get(1).manifests();

		HorizontalPodAutoscaler booksvc = production.all(HorizontalPodAutoscaler.class).get(0);
		assertThat(booksvc.getSpec().getMinReplicas()).isEqualTo(2);
		assertThat(booksvc.getSpec().getMaxReplicas()).isEqualTo(6);
		assertThat(production.workload("storagesvc").orElseThrow().replicas()).isEqualTo(2);
		assertThat(production.workloads()).extracting(Workload::name).containsExactlyInAnyOrder("booksvc", "storagesvc");
		assertThat(production.all(Secret.class)).isEmpty();
		assertThat(production.all(Deployment.class))
			.allSatisfy(d -> assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
				.startsWith("registry.example.com/"));
	}

	@Test
	void theServiceMonitorComponentScrapesBothServicesOnTheirPrometheusEndpoint() {
		Manifests monitored = Render.overlays().get(2).manifests();

		ServiceMonitor monitor = monitored.all(ServiceMonitor.class).get(0);
		assertThat(monitor.getSpec().getEndpoints()).singleElement()
			.satisfies(endpoint -> assertThat(endpoint.getPath()).isEqualTo("/actuator/prometheus"));
		assertThat(NetworkPaths.sources(monitored, monitored.workload("storagesvc").orElseThrow()))
			.containsExactlyInAnyOrder("booksvc", "namespace monitoring");
	}

}
