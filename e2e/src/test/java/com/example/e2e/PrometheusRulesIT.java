package com.example.e2e;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alerting rules (observability/alerts.yml) under {@code promtool}, the Prometheus project's own
 * tool, in the Prometheus image that docker-compose.yml runs: the rules' unit tests
 * (observability/alerts-test.yml), and the configuration that loads them.
 */
class PrometheusRulesIT {

	private final ComposeStack stack = new ComposeStack("resilience-demo-rules");

	private final Path observability = ProjectRoot.path().resolve("observability");

	@Test
	void everyAlertFiresWhenItShouldAndOnlyThen() {
		String output = promtool(List.of(observability + ":/rules:ro"), "test", "rules", "/rules/alerts-test.yml");

		assertThat(output).contains("SUCCESS").doesNotContain("FAILED");
	}

	@Test
	void prometheusConfigurationLoadsTheRules() {
		String output = promtool(
				List.of(observability.resolve("prometheus.yml") + ":/etc/prometheus/prometheus.yml:ro",
						observability.resolve("alerts.yml") + ":/etc/prometheus/alerts.yml:ro"),
				"check", "config", "/etc/prometheus/prometheus.yml");

		assertThat(output).contains("SUCCESS: 5 rules found");
	}

	/** {@code promtool <arguments>} in a throw-away container of the compose file's Prometheus image. */
	private String promtool(List<String> volumes, String... arguments) {
		List<String> command = new ArrayList<>(List.of("docker", "run", "--rm", "--network", "none"));
		volumes.forEach(volume -> command.addAll(List.of("-v", volume)));
		command.addAll(List.of("--entrypoint", "promtool", prometheusImage()));
		command.addAll(List.of(arguments));
		return stack.command(command.toArray(String[]::new));
	}

	@SuppressWarnings("unchecked")
	private String prometheusImage() {
		Map<String, Object> file = new Yaml().load(stack.run("--profile", "observability", "config"));
		Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) file.get("services");
		return String.valueOf(services.get("prometheus").get("image"));
	}

}
