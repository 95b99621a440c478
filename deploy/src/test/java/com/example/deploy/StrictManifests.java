package com.example.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;

/**
 * Rendered manifests read into Kubernetes' typed models (fabric8), as strictly as the API server
 * validates them, or stricter: the models keep any field they do not know in a catch-all map, which
 * is switched off here, so an unknown field at any depth (a typo, a field in the wrong place) is an
 * error with its path; so is a value of the wrong type, a quoted number included, which Jackson
 * would otherwise convert; so is a kind these manifests have no business using.
 */
final class StrictManifests {

	private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.ofEntries(
			Map.entry("v1/Namespace", Namespace.class), Map.entry("v1/ServiceAccount", ServiceAccount.class),
			Map.entry("v1/Service", Service.class), Map.entry("v1/ConfigMap", ConfigMap.class),
			Map.entry("v1/Secret", Secret.class), Map.entry("apps/v1/Deployment", Deployment.class),
			Map.entry("apps/v1/StatefulSet", StatefulSet.class),
			Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
			Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
			Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
			Map.entry("monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class));

	private static final ObjectMapper MAPPER = strictMapper();

	private StrictManifests() {
	}

	/** Every object of a multi-document YAML stream, typed; the first one that is not valid fails it all. */
	static Manifests parse(String yaml) {
		List<HasMetadata> objects = new ArrayList<>();
		try (MappingIterator<JsonNode> documents = MAPPER.readerFor(JsonNode.class).readValues(yaml)) {
			while (documents.hasNextValue()) {
				JsonNode document = documents.nextValue();
				if (document != null && !document.isNull() && !document.isEmpty()) {
					objects.add(typed(document));
				}
			}
		}
		catch (JacksonException ex) {
			throw new InvalidManifestException("not YAML: " + ex.getOriginalMessage(), ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return new Manifests(objects);
	}

	/**
	 * Every YAML file under {@code directory} read with duplicate keys refused: kustomize refuses
	 * them in a resource, but of a key twice in a patch it keeps one, silently, so the rendered
	 * objects cannot show it.
	 */
	static void checkSources(Path directory) {
		try (Stream<Path> files = Files.walk(directory)) {
			for (Path file : files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).toList()) {
				try (MappingIterator<JsonNode> documents = MAPPER.readerFor(JsonNode.class).readValues(file.toFile())) {
					documents.readAll();
				}
				catch (IOException ex) {
					throw new InvalidManifestException(file + ": " + ex.getMessage().lines().findFirst().orElse(""), ex);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static HasMetadata typed(JsonNode document) {
		String type = document.path("apiVersion").asText() + "/" + document.path("kind").asText();
		String name = type + " " + document.path("metadata").path("name").asText("(no name)");
		Class<? extends HasMetadata> model = KINDS.get(type);
		if (model == null) {
			throw new InvalidManifestException(name + ": not a kind these manifests use (" + KINDS.keySet() + ")");
		}
		try {
			return MAPPER.treeToValue(document, model);
		}
		catch (JsonProcessingException ex) {
			throw new InvalidManifestException(name + ": " + ex.getOriginalMessage() + " at " + path(ex), ex);
		}
	}

	/** Where in the object, as {@code spec.template.spec.containers[0].ports[0].containerPort}. */
	private static String path(JsonProcessingException ex) {
		if (!(ex instanceof JsonMappingException mapping)) {
			return "?";
		}
		StringBuilder path = new StringBuilder();
		for (JsonMappingException.Reference reference : mapping.getPath()) {
			if (reference.getFieldName() != null) {
				path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
			}
			else {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.toString();
	}

	private static ObjectMapper strictMapper() {
		YAMLMapper mapper = YAMLMapper.builder()
			.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY,
					DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
			.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
			.addModule(new SimpleModule().setDeserializerModifier(new WithoutCatchAll()))
			.build();
		for (LogicalType scalar : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
			mapper.coercionConfigFor(scalar).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
		}
		for (CoercionInputShape notText : List.of(CoercionInputShape.Integer, CoercionInputShape.Float,
				CoercionInputShape.Boolean)) {
			mapper.coercionConfigFor(LogicalType.Textual).setCoercion(notText, CoercionAction.Fail);
		}
		return mapper;
	}

	/** Takes away the models' {@code @JsonAnySetter additionalProperties}, where unknown fields would land. */
	private static final class WithoutCatchAll extends BeanDeserializerModifier {

		@Override
		public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription description,
				BeanDeserializerBuilder builder) {
			if (description.getBeanClass().getName().startsWith("io.fabric8.")) {
				builder.setAnySetter(null);
			}
			return builder;
		}

	}

	static final class InvalidManifestException extends RuntimeException {

		InvalidManifestException(String message) {
			super(message);
		}

		InvalidManifestException(String message, Throwable cause) {
			super(message, cause);
		}

	}

}
