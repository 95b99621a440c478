package com.example.deploy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;

/** Label selectors as the API server evaluates them. */
final class Selectors {

	private Selectors() {
	}

	/** An empty selector selects everything, as in a NetworkPolicy's {@code podSelector: {}}. */
	static boolean matches(LabelSelector selector, Map<String, String> labels) {
		Map<String, String> required = Optional.ofNullable(selector.getMatchLabels()).orElse(Map.of());
		List<LabelSelectorRequirement> expressions = Optional.ofNullable(selector.getMatchExpressions()).orElse(List.of());
		return required.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())))
				&& expressions.stream().allMatch(e -> matches(e, labels));
	}

	static boolean isEmpty(LabelSelector selector) {
		return selector == null || (Optional.ofNullable(selector.getMatchLabels()).orElse(Map.of()).isEmpty()
				&& Optional.ofNullable(selector.getMatchExpressions()).orElse(List.of()).isEmpty());
	}

	static boolean matches(Map<String, String> selector, Map<String, String> labels) {
		return !selector.isEmpty() && selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
	}

	private static boolean matches(LabelSelectorRequirement requirement, Map<String, String> labels) {
		String value = labels.get(requirement.getKey());
		List<String> values = Optional.ofNullable(requirement.getValues()).orElse(List.of());
		return switch (requirement.getOperator()) {
			case "In" -> value != null && values.contains(value);
			case "NotIn" -> value == null || !values.contains(value);
			case "Exists" -> value != null;
			case "DoesNotExist" -> value == null;
			default -> throw new IllegalArgumentException("selector operator " + requirement.getOperator());
		};
	}

}
