package com.example.deploy;

import java.util.List;
import java.util.Locale;

/**
 * What every rendered overlay must satisfy beyond being valid Kubernetes. Each rule has a fixture
 * under src/test/resources/fixtures/{@link #fixture()}: an overlay that breaks it, and only it.
 */
enum Rule {

	/** Every selector selects what it is meant to: its own pods, a workload, a Service. */
	SELECTORS(WiringRules::selectors),
	/** Every Service port targets a named container port of the pods it selects. */
	SERVICE_PORTS(WiringRules::servicePorts),
	/** booksvc and storagesvc probed on their health groups, never on /actuator/health; others probed at all. */
	PROBES(PodRules::probes),
	/** preStop's sleep and Spring's shutdown phase end inside the grace period. */
	SHUTDOWN(PodRules::shutdown),
	/** Memory requested = limited (the heap is sized from it), CPU requested. */
	RESOURCES(PodRules::resources),
	/** Every image pinned to a tag (not latest) or a digest. */
	IMAGES(PodRules::images),
	/** Non-root numeric user (the image's), read-only root, no privilege escalation, no capabilities, seccomp. */
	SECURITY(SecurityRules::security),
	/** One budget a pod; a drain always proceeds and never takes the last of two or more pods; a service's rollout surges first. */
	DISRUPTION(ScalingRules::disruption),
	/** An autoscaled Deployment has no replicas of its own, and scales on CPU. */
	AUTOSCALING(ScalingRules::autoscaling),
	/** storagesvc only for booksvc (and the scrape), PostgreSQL only for storagesvc, Redis only for booksvc; those paths open, on ports the pods have. */
	NETWORK(WiringRules::network),
	/** booksvc's most pods × its bulkhead within storagesvc's pods × their shedding limit (steady state). */
	CAPACITY(ScalingRules::capacity),
	/** No Secret, and no credential in plain sight, outside dev. */
	SECRETS(WiringRules::secrets),
	/** The settings these rules read are the ones that run: no profile (ablation.yml's switch policies off), no override they cannot see. */
	SETTINGS(PodRules::settings);

	private final Check check;

	Rule(Check check) {
		this.check = check;
	}

	/** What breaks the rule, one line each; empty when it holds. */
	List<String> violations(Manifests manifests, Render render) {
		return check.violations(manifests, render);
	}

	String fixture() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	@FunctionalInterface
	interface Check {

		List<String> violations(Manifests manifests, Render render);

	}

}
