package com.example.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.example.e2e.ComposeConfig.Port;
import com.example.e2e.ComposeConfig.Volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The same docker-compose.yml as compose v1 prints it here (short syntax) and as v2 prints it on a
 * workstation (long syntax, as YAML and as JSON): one reading of all three.
 */
class ComposeConfigTest {

	private static final String ROOT = "/home/dev/resilience-demo";

	@ParameterizedTest
	@ValueSource(strings = { "v1.yml", "v2.yml", "v2.json" })
	void portsAreReadTheSameFromEitherSyntax(String fixture) throws IOException {
		ComposeConfig config = fixture(fixture);

		assertThat(config.service("booksvc").ports()).containsExactly(new Port("127.0.0.1", "8081", 8081, "tcp"));
		assertThat(config.service("grafana").ports()).containsExactly(new Port("127.0.0.1", "3000", 3000, "tcp"));
		assertThat(config.service("database").ports()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "v1.yml", "v2.yml", "v2.json" })
	void volumesAreReadTheSameFromEitherSyntax(String fixture) throws IOException {
		ComposeConfig config = fixture(fixture);

		assertThat(config.service("database").volumes()).containsExactly(
				new Volume("volume", "database", "/var/lib/postgresql/data", false),
				new Volume("bind", ROOT + "/database/initdb", "/docker-entrypoint-initdb.d", true));
		assertThat(config.service("grafana").volumes()).extracting(Volume::target, Volume::readOnly)
			.containsOnly(tuple("/etc/grafana/start.sh", true),
					tuple("/etc/grafana/provisioning", true),
					tuple("/var/lib/grafana/dashboards", true));
	}

	@ParameterizedTest
	@ValueSource(strings = { "v1.yml", "v2.yml", "v2.json" })
	void everythingElseTheTestsReadIsTheSame(String fixture) throws IOException {
		ComposeConfig config = fixture(fixture);

		assertThat(config.services()).containsOnlyKeys("database", "booksvc", "grafana");
		assertThat(config.service("database").tmpfs()).containsExactly("/var/run/postgresql", "/tmp");
		assertThat(config.service("booksvc").tmpfs()).containsExactly("/tmp");
		assertThat(config.service("grafana").environment()).containsEntry("GF_AUTH_ANONYMOUS_ENABLED", "true")
			.containsEntry("GRAFANA_ADMIN_PASSWORD", "");
		assertThat(config.service("database").environment()).containsEntry("STORAGESVC_DB_USER", "storagesvc");
		assertThat(config.service("grafana").get("entrypoint")).isEqualTo(List.of("/bin/sh", "/etc/grafana/start.sh",
				"/run.sh"));
		assertThat(config.service("booksvc").get("read_only")).isEqualTo(true);
		assertThat(config.service("booksvc").get("cap_drop")).isEqualTo(List.of("ALL"));
		assertThat(config.service("booksvc").get("logging")).hasToString("{driver=json-file, options={max-file=3, max-size=10m}}");
	}

	private static ComposeConfig fixture(String name) throws IOException {
		try (InputStream in = ComposeConfigTest.class.getResourceAsStream("/compose-config/" + name)) {
			return ComposeConfig.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
		}
	}

}
