package com.example.deploy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;

/** A Deployment or StatefulSet: what the rules ask of both. */
record Workload(String kind, String name, Integer replicas, LabelSelector selector, PodTemplateSpec template) {

	/** The images of the project's own services (the Dockerfile's), as opposed to PostgreSQL's or Redis's. */
	private static final List<String> SPRING_SERVICES = List.of("booksvc", "storagesvc");

	Map<String, String> podLabels() {
		return Optional.ofNullable(template.getMetadata().getLabels()).orElse(Map.of());
	}

	PodSpec pod() {
		return template.getSpec();
	}

	List<Container> containers() {
		return pod().getContainers();
	}

	/** Its init containers too: they run with the same privileges, and before anything else. */
	List<Container> everyContainer() {
		return Stream.concat(pod().getInitContainers().stream(), pod().getContainers().stream()).toList();
	}

	@Override
	public String toString() {
		return kind + " " + name;
	}

	/** booksvc or storagesvc, for a container running one of the project's images. */
	static Optional<String> springService(Container container) {
		String image = container.getImage().replaceFirst("@.*$", "");
		// a tag follows the last slash; a colon before it is a registry's port (localhost:5001/…)
		String repository = (image.lastIndexOf(':') > image.lastIndexOf('/')) ? image.substring(0, image.lastIndexOf(':')) : image;
		String last = repository.substring(repository.lastIndexOf('/') + 1);
		return SPRING_SERVICES.contains(last) ? Optional.of(last) : Optional.empty();
	}

}
