package com.example.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.example.e2e.ComposeConfig.Port;
import com.example.e2e.ComposeConfig.Volume;

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
		ComposeConfig config = config(Map.of());

		assertThat(config.services()).containsKeys(ALL_SERVICES.toArray(String[]::new));
		for (String service : List.of("storagesvc", "booksvc", "prometheus", "grafana")) {
			assertThat(config.service(service).ports()).as(service).isNotEmpty().extracting(Port::hostIp)
				.containsOnly("127.0.0.1");
		}
		assertThat(config.service("database").ports()).isEmpty();
		assertThat(config.service("redis").ports()).isEmpty();
	}

	@Test
	void publishesOnAnotherAddressOnlyWhenAsked() {
		ComposeConfig config = config(Map.of("BIND_ADDRESS", "0.0.0.0"));

		assertThat(config.service("booksvc").ports()).extracting(Port::hostIp).containsOnly("0.0.0.0");
	}

	@Test
	void chaosEndpointIsOffUnlessAskedFor() {
		assertThat(config(Map.of()).service("storagesvc").environment())
			.containsEntry("STORAGESVC_CHAOS_ENDPOINT_ENABLED", "false");
		assertThat(config(Map.of("CHAOS_ENDPOINT_ENABLED", "true")).service("storagesvc").environment())
			.containsEntry("STORAGESVC_CHAOS_ENDPOINT_ENABLED", "true");
	}

	@Test
	@SuppressWarnings("unchecked")
	void everyContainersLogRotates() {
		config(Map.of()).services().forEach((name, service) -> {
			Map<String, Object> logging = (Map<String, Object>) service.get("logging");
			assertThat(logging).as(name).isNotNull();
			assertThat((Map<String, Object>) logging.get("options")).as(name)
				.containsEntry("max-size", "10m")
				.containsEntry("max-file", "3");
		});
	}

	@Test
	void servicesRunWithoutCapabilitiesOnAReadOnlyRoot() {
		ComposeConfig config = config(Map.of());

		for (String name : List.of("database", "redis", "storagesvc", "booksvc")) {
			ComposeConfig.Service service = config.service(name);
			assertThat(service.get("cap_drop")).as(name).isEqualTo(List.of("ALL"));
			assertThat(service.get("security_opt")).as(name).isEqualTo(List.of("no-new-privileges:true"));
			assertThat(service.get("read_only")).as(name).isEqualTo(true);
		}
		for (String name : JAVA_SERVICES) {
			assertThat(config.service(name).has("cap_add")).as(name + " cap_add").isFalse();
			assertThat(config.service(name).tmpfs()).as(name).contains("/tmp");
		}
	}

	@Test
	void storagesvcUsesItsOwnDatabaseRoleNotTheSuperuser() {
		ComposeConfig config = config(Map.of());
		Map<String, String> storagesvc = config.service("storagesvc").environment();
		Map<String, String> database = config.service("database").environment();

		assertThat(storagesvc.get("SPRING_DATASOURCE_USERNAME")).isEqualTo(database.get("STORAGESVC_DB_USER"))
			.isNotEqualTo(database.get("POSTGRES_USER"));
		assertThat(storagesvc.get("SPRING_DATASOURCE_PASSWORD")).isEqualTo(database.get("STORAGESVC_DB_PASSWORD"));
		assertThat(storagesvc.get("SPRING_DATASOURCE_URL")).endsWith("?currentSchema=storagesvc");
		assertThat(config.service("database").volumes()).contains(new Volume("bind",
				ProjectRoot.resolve("database/initdb").toString(), "/docker-entrypoint-initdb.d", true));
	}

	@Test
	void grafanaHasNoLoginAndNoKnownAdminPasswordByDefault() {
		ComposeConfig.Service grafana = config(Map.of()).service("grafana");
		assertThat(grafana.environment()).doesNotContainKey("GF_SECURITY_ADMIN_PASSWORD")
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
	private static ComposeConfig config(Map<String, String> environment) {
		return ComposeConfig.parse(new ComposeStack("resilience-demo-config", environment).run("--profile",
				"observability", "config"));
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
