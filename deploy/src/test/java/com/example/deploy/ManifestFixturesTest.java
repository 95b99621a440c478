package com.example.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The checks are seen to fail: each fixture (src/test/resources/fixtures) is an overlay with one
 * thing broken, named {@code <rule>} or {@code <rule>--<case>} after the rule it breaks, or
 * {@code strict--<case>} for what strict reading refuses; its first lines say why it is wrong and
 * what the failure must say ({@code # expect: …}).
 */
class ManifestFixturesTest {

	private static final Path FIXTURES = Path.of("src/test/resources/fixtures");

	@ParameterizedTest
	@EnumSource(Rule.class)
	void everyRuleHasAFixture(Rule rule) {
		assertThat(fixtures()).as("fixtures of " + rule).anyMatch(f -> rule.fixture().equals(ruleOf(f)));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("ruleFixtures")
	void aRuleFailsOnItsFixtureAndNoOtherDoes(Path fixture) {
		Render render = render(fixture);
		Manifests manifests = render.manifests();

		for (Rule rule : Rule.values()) {
			List<String> violations = rule.violations(manifests, render);
			if (rule.fixture().equals(ruleOf(fixture))) {
				assertThat(violations).as(rule + " on " + fixture).anyMatch(v -> v.contains(expected(fixture)));
			}
			else {
				assertThat(violations).as(rule + " on " + fixture).isEmpty();
			}
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("strictFixtures")
	void strictReadingRefusesWhatKubernetesWouldDropOrMisread(Path fixture) {
		assertThatThrownBy(() -> render(fixture).manifests()).isInstanceOf(StrictManifests.InvalidManifestException.class)
			.hasMessageContaining(expected(fixture));
	}

	@Test
	void everyFixtureIsNamedForARuleOrStrictReading() {
		List<String> names = Stream.concat(Arrays.stream(Rule.values()).map(Rule::fixture), Stream.of("strict")).toList();
		assertThat(fixtures()).allSatisfy(f -> assertThat(names).contains(ruleOf(f)));
	}

	static List<Path> ruleFixtures() {
		return fixtures().stream().filter(f -> !ruleOf(f).equals("strict")).toList();
	}

	static List<Path> strictFixtures() {
		return fixtures().stream().filter(f -> ruleOf(f).equals("strict")).toList();
	}

	private static List<Path> fixtures() {
		try (Stream<Path> dirs = Files.list(FIXTURES)) {
			return dirs.filter(Files::isDirectory).sorted().toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String ruleOf(Path fixture) {
		return fixture.getFileName().toString().split("--")[0];
	}

	/** Built on dev, whose demo Secrets are allowed, or on production-like, where none is. */
	private static Render render(Path fixture) {
		return new Render(fixture.getFileName().toString(), fixture, kustomization(fixture).contains("overlays/dev"));
	}

	private static String expected(Path fixture) {
		return kustomization(fixture).lines()
			.filter(line -> line.startsWith("# expect: "))
			.map(line -> line.substring("# expect: ".length()))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException(fixture + " says nothing it expects"));
	}

	private static String kustomization(Path fixture) {
		try {
			return Files.readString(fixture.resolve("kustomization.yaml"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
