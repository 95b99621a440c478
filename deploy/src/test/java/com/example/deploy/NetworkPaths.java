package com.example.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;

/**
 * Who may open a connection to each workload, as its NetworkPolicies allow: the union of every
 * ingress rule of every policy that selects it. A pod no policy isolates accepts anyone.
 */
final class NetworkPaths {

	static final String ANYONE = "anyone";

	/**
	 * Where each back end may be reached from, at most. booksvc is the front door (anyone). The
	 * Prometheus Operator's namespace may scrape storagesvc where the ServiceMonitor component is
	 * used: the one path into it besides booksvc's.
	 */
	private static final Map<String, Set<String>> ALLOWED = Map.of(
			"storagesvc", Set.of("booksvc", "namespace monitoring"),
			"postgres", Set.of("storagesvc"),
			"redis", Set.of("booksvc"));

	/** The paths the demo needs, each where both ends run in the cluster: a policy must not close them. */
	private static final Map<String, String> NEEDED = Map.of("storagesvc", "booksvc", "postgres", "storagesvc",
			"redis", "booksvc");

	private NetworkPaths() {
	}

	static List<String> violations(Manifests manifests) {
		List<String> violations = new ArrayList<>(namedPorts(manifests));
		for (Workload workload : manifests.workloads()) {
			Set<String> allowed = ALLOWED.get(workload.name());
			if (allowed == null) {
				continue;
			}
			Set<String> sources = sources(manifests, workload);
			String needed = NEEDED.get(workload.name());
			if (manifests.workload(needed).isPresent() && !sources.contains(needed) && !sources.contains(ANYONE)) {
				violations.add(workload + " does not accept " + needed + ", which needs it");
			}
			Set<String> extra = new TreeSet<>(sources);
			extra.removeAll(allowed);
			if (!extra.isEmpty()) {
				violations.add(workload + " accepts connections from " + extra + "; only from " + new TreeSet<>(allowed));
			}
		}
		return violations;
	}

	static Set<String> sources(Manifests manifests, Workload workload) {
		List<NetworkPolicy> isolating = manifests.all(NetworkPolicy.class).stream()
			.filter(p -> Selectors.matches(p.getSpec().getPodSelector(), workload.podLabels()))
			.filter(NetworkPaths::isolatesIngress)
			.toList();
		Set<String> sources = new TreeSet<>();
		if (isolating.isEmpty()) {
			sources.add(ANYONE);
		}
		for (NetworkPolicy policy : isolating) {
			for (NetworkPolicyIngressRule rule : Optional.ofNullable(policy.getSpec().getIngress()).orElse(List.of())) {
				List<NetworkPolicyPeer> from = Optional.ofNullable(rule.getFrom()).orElse(List.of());
				if (from.isEmpty()) {
					sources.add(ANYONE);
				}
				from.forEach(peer -> sources.addAll(sources(manifests, peer)));
			}
		}
		return sources;
	}

	/** A port a policy names must be a container port of every pod it selects, or the path it opens is closed. */
	private static List<String> namedPorts(Manifests manifests) {
		List<String> violations = new ArrayList<>();
		for (NetworkPolicy policy : manifests.all(NetworkPolicy.class)) {
			for (NetworkPolicyIngressRule rule : Optional.ofNullable(policy.getSpec().getIngress()).orElse(List.of())) {
				for (NetworkPolicyPort port : Optional.ofNullable(rule.getPorts()).orElse(List.of())) {
					String name = (port.getPort() != null) ? port.getPort().getStrVal() : null;
					manifests.workloads().stream()
						.filter(w -> name != null && Selectors.matches(policy.getSpec().getPodSelector(), w.podLabels()))
						.filter(w -> w.containers().stream().flatMap(c -> c.getPorts().stream()).noneMatch(p -> name.equals(p.getName())))
						.forEach(w -> violations.add("NetworkPolicy " + policy.getMetadata().getName() + ": " + w
								+ " has no container port named " + name));
				}
			}
		}
		return violations;
	}

	/** Without policyTypes, a policy is about ingress (and about egress only if it has egress rules). */
	private static boolean isolatesIngress(NetworkPolicy policy) {
		List<String> types = policy.getSpec().getPolicyTypes();
		return types == null || types.isEmpty() || types.contains("Ingress");
	}

	private static Set<String> sources(Manifests manifests, NetworkPolicyPeer peer) {
		if (peer.getIpBlock() != null) {
			return Set.of("ipBlock " + peer.getIpBlock().getCidr());
		}
		if (peer.getNamespaceSelector() != null) {
			LabelSelector namespaces = peer.getNamespaceSelector();
			String name = Optional.ofNullable(namespaces.getMatchLabels()).orElse(Map.of()).get("kubernetes.io/metadata.name");
			return Set.of((name != null && peer.getPodSelector() == null) ? "namespace " + name : "other namespaces");
		}
		Set<String> workloads = new TreeSet<>();
		manifests.workloads().stream()
			.filter(w -> Selectors.matches(peer.getPodSelector(), w.podLabels()))
			.forEach(w -> workloads.add(w.name()));
		return workloads;
	}

}
