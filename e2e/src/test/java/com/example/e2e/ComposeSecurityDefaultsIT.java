package com.example.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stack's secure defaults as {@code docker compose config} resolves them, with no containers
 * started, and what the build trusts from outside: the Maven distribution and the CI actions.
 * ComposeWalkthroughIT checks the running stack (chaos endpoint, database role, container settings).
 */
class ComposeSecurityDefaultsIT {

	private static final List<String> ALL_SERVICES = List.of("database", "redis", "storagesvc", "booksvc",
			"prometheus", "grafana");

	private static final List<String> JAVA_SERVICES = List.of("storagesvc", "booksvc");

	@Test
	void publishesEveryPortOnLoopbackOnly() {
		Map<String, Map<String, Object>> services = services(Map.of());

		assertThat(services).containsKeys(ALL_SERVICES.toArray(String[]::new));
		for (String service : List.of("storagesvc", "booksvc", "prometheus", "grafana")) {
			assertThat(hostAddresses(services.get(service))).as(service).isNotEmpty().containsOnly("127.0.0.1");
		}
		assertThat(services.get("database")).doesNotContainKey("ports");
		assertThat(services.get("redis")).doesNotContainKey("ports");
	}

	@Test
	void publishesOnAnotherAddressOnlyWhenAsked() {
		Map<String, Map<String, Object>> services = services(Map.of("BIND_ADDRESS", "0.0.0.0"));

		assertThat(hostAddresses(services.get("booksvc"))).containsOnly("0.0.0.0");
	}

	@Test
	void chaosEndpointIsOffUnlessAskedFor() {
		assertThat(environment(services(Map.of()).get("storagesvc")))
			.containsEntry("STORAGESVC_CHAOS_ENDPOINT_ENABLED", "false");
		assertThat(environment(services(Map.of("CHAOS_ENDPOINT_ENABLED", "true")).get("storagesvc")))
			.containsEntry("STORAGESVC_CHAOS_ENDPOINT_ENABLED", "true");
	}

	@Test
	@SuppressWarnings("unchecked")
	void everyContainersLogRotates() {
		services(Map.of()).forEach((name, service) -> {
			Map<String, Object> logging = (Map<String, Object>) service.get("logging");
			assertThat(logging).as(name).isNotNull();
			assertThat((Map<String, Object>) logging.get("options")).as(name)
				.containsEntry("max-size", "10m")
				.containsEntry("max-file", "3");
		});
	}

	@Test
	void servicesRunWithoutCapabilitiesOnAReadOnlyRoot() {
		Map<String, Map<String, Object>> services = services(Map.of());

		for (String name : List.of("database", "redis", "storagesvc", "booksvc")) {
			Map<String, Object> service = services.get(name);
			assertThat(service.get("cap_drop")).as(name).isEqualTo(List.of("ALL"));
			assertThat(service.get("security_opt")).as(name).isEqualTo(List.of("no-new-privileges:true"));
			assertThat(service.get("read_only")).as(name).isEqualTo(true);
		}
		for (String name : JAVA_SERVICES) {
			assertThat(services.get(name)).as(name).doesNotContainKey("cap_add");
			assertThat(String.valueOf(services.get(name).get("tmpfs"))).as(name).contains("/tmp");
		}
	}

	@Test
	void storagesvcUsesItsOwnDatabaseRoleNotTheSuperuser() {
		Map<String, Map<String, Object>> services = services(Map.of());
		Map<String, String> storagesvc = environment(services.get("storagesvc"));
		Map<String, String> database = environment(services.get("database"));

		assertThat(storagesvc.get("SPRING_DATASOURCE_USERNAME")).isEqualTo(database.get("STORAGESVC_DB_USER"))
			.isNotEqualTo(database.get("POSTGRES_USER"));
		assertThat(storagesvc.get("SPRING_DATASOURCE_PASSWORD")).isEqualTo(database.get("STORAGESVC_DB_PASSWORD"));
		assertThat(storagesvc.get("SPRING_DATASOURCE_URL")).endsWith("?currentSchema=storagesvc");
		assertThat(String.valueOf(services.get("database").get("volumes")))
			.containsPattern("database/initdb:/docker-entrypoint-initdb.d:ro");
	}

	@Test
	void grafanaHasNoLoginAndNoKnownAdminPasswordByDefault() {
		Map<String, Object> grafana = services(Map.of()).get("grafana");
		assertThat(environment(grafana)).doesNotContainKey("GF_SECURITY_ADMIN_PASSWORD")
			.containsEntry("GF_AUTH_ANONYMOUS_ENABLED", "true")
			.containsEntry("GF_AUTH_ANONYMOUS_ORG_ROLE", "Viewer");
		assertThat(grafana.get("entrypoint")).isEqualTo(List.of("/bin/sh", "/etc/grafana/start.sh", "/run.sh"));

		// what Grafana's own entrypoint (/run.sh) is given, here printed by env instead
		Map<String, String> first = grafanaStartEnvironment(Map.of());
		Map<String, String> second = grafanaStartEnvironment(Map.of());

		assertThat(first).containsEntry("GF_AUTH_DISABLE_LOGIN_FORM", "true")
			.containsEntry("GF_AUTH_BASIC_ENABLED", "false")
			.doesNotContainKey("GRAFANA_ADMIN_PASSWORD");
		assertThat(first.get("GF_SECURITY_ADMIN_PASSWORD")).matches("[0-9a-f]{48}")
			.isNotEqualTo(second.get("GF_SECURITY_ADMIN_PASSWORD"));
	}

	@Test
	void grafanaAdminLogsInWithAPasswordOfTheUsersOwn() {
		Map<String, String> environment = grafanaStartEnvironment(Map.of("GRAFANA_ADMIN_PASSWORD", "a password"));

		assertThat(environment).containsEntry("GF_SECURITY_ADMIN_PASSWORD", "a password")
			.doesNotContainKeys("GF_AUTH_DISABLE_LOGIN_FORM", "GF_AUTH_BASIC_ENABLED", "GRAFANA_ADMIN_PASSWORD");
	}

	@Test
	void mavenWrapperVerifiesTheDistributionItDownloads() throws IOException {
		String properties = Files.readString(ProjectRoot.resolve(".mvn/wrapper/maven-wrapper.properties"));

		assertThat(properties).containsPattern("(?m)^distributionSha256Sum=[0-9a-f]{64}$");
	}

	@Test
	void ciActionsArePinnedToACommit() throws IOException {
		List<String> uses = Files.readAllLines(ProjectRoot.resolve(".github/workflows/ci.yml"))
			.stream()
			.map(String::strip)
			.filter(line -> line.matches("-?\\s*uses:.*"))
			.toList();

		assertThat(uses).isNotEmpty()
			.allMatch(Pattern.compile("-?\\s*uses: [\\w.-]+/[\\w.-]+@[0-9a-f]{40} # v\\d+\\.\\d+\\.\\d+").asMatchPredicate());
	}

	/** Every service, profiles included, as {@code docker compose config} resolves it with these variables. */
	private static Map<String, Map<String, Object>> services(Map<String, String> environment) {
		String config = new ComposeStack("resilience-demo-config", environment).run("--profile", "observability",
				"config");
		Map<String, Map<String, Map<String, Object>>> file = new Yaml().load(config);
		return file.get("services");
	}

	/** Host addresses of a service's published ports: the long syntax, or the short one compose v1 prints. */
	private static List<String> hostAddresses(Map<String, Object> service) {
		List<?> ports = (List<?>) service.get("ports");
		return ports.stream().map(port -> {
			if (port instanceof Map<?, ?> longSyntax) {
				return String.valueOf(longSyntax.get("host_ip"));
			}
			String[] parts = String.valueOf(port).split(":");
			return parts.length == 3 ? parts[0] : "all interfaces";
		}).toList();
	}

	private static Map<String, String> environment(Map<String, Object> service) {
		Map<?, ?> environment = (Map<?, ?>) service.get("environment");
		return environment.entrySet()
			.stream()
			.collect(Collectors.toMap(entry -> String.valueOf(entry.getKey()),
					entry -> String.valueOf(entry.getValue())));
	}

	private static Map<String, String> grafanaStartEnvironment(Map<String, String> environment) {
		String output = new ComposeStack("resilience-demo-config", environment).command("sh",
				"observability/grafana/start.sh", "env");
		return output.lines()
			.filter(line -> line.startsWith("GF_") || line.startsWith("GRAFANA_"))
			.map(line -> line.split("=", 2))
			.collect(Collectors.toMap(pair -> pair[0], pair -> pair[1]));
	}

}
