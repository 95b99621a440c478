package com.example.deploy;

import java.nio.file.Path;
import java.util.List;

import com.example.e2e.ProjectRoot;

/** A kustomization the build renders and checks, and whether it may carry Secrets of its own. */
record Render(String name, Path kustomization, boolean secretsAllowed) {

	static final Path KUBERNETES = Path.of("kubernetes");

	/** What a user applies: both overlays, and production-like with the optional ServiceMonitor. */
	static List<Render> overlays() {
		return List.of(new Render("dev", KUBERNETES.resolve("overlays/dev"), true),
				new Render("production-like", KUBERNETES.resolve("overlays/production-like"), false),
				new Render("production-like + service-monitor", Path.of("src/test/resources/production-like-monitored"),
						false));
	}

	/** Its sources checked, rendered, and every object typed: what the rules then read. */
	Manifests manifests() {
		StrictManifests.checkSources(KUBERNETES);
		StrictManifests.checkSources(ProjectRoot.resolve("database"));
		StrictManifests.checkSources(kustomization);
		return StrictManifests.parse(Kustomize.render(kustomization));
	}

	@Override
	public String toString() {
		return name;
	}

}
