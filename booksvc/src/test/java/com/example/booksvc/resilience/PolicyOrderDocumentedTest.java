package com.example.booksvc.resilience;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order of the policies as the README draws it and the docs write it is the order
 * application.yml gives the aspects (the lowest order is the outermost): one cannot change without
 * the other. It once drew the time limiter outside the bulkhead while the code ran it inside.
 */
class PolicyOrderDocumentedTest {

	private static final Path ROOT = Path.of(System.getProperty("project.root", ".."));

	private static final Map<String, String> ASPECT_ORDERS = Map.of("Retry", "resilience4j.retry.retry-aspect-order",
			"CircuitBreaker", "resilience4j.circuitbreaker.circuit-breaker-aspect-order", "Bulkhead",
			"resilience4j.bulkhead.bulkhead-aspect-order", "TimeLimiter", "resilience4j.timelimiter.time-limiter-aspect-order");

	/** A node of the diagram's policy chain: {@code retry["Retry, 3 attempts"]}. */
	private static final Pattern NODE = Pattern.compile("\\w+\\[\"(Retry|CircuitBreaker|Bulkhead|TimeLimiter)\\b");

	/** The order written out: {@code Retry → CircuitBreaker → …}. */
	private static final Pattern WRITTEN = Pattern
		.compile("(?:Retry|CircuitBreaker|Bulkhead|TimeLimiter)(?: → (?:Retry|CircuitBreaker|Bulkhead|TimeLimiter))+");

	@Test
	void theReadmeDiagramDrawsThePoliciesInTheirAspectOrder() throws IOException {
		String readme = Files.readString(ROOT.resolve("README.md"));
		String chain = readme.substring(readme.indexOf("subgraph catalog"));
		chain = chain.substring(0, chain.indexOf("\n  end"));

		List<String> drawn = new ArrayList<>();
		Matcher node = NODE.matcher(chain);
		while (node.find()) {
			drawn.add(node.group(1));
		}

		assertThat(drawn).isEqualTo(outermostFirst());
	}

	@Test
	void everyWrittenOrderIsTheAspectOrder() throws IOException {
		List<Path> documents = new ArrayList<>(List.of(ROOT.resolve("README.md")));
		try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
			docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(documents::add);
		}
		List<String> order = outermostFirst();
		int found = 0;
		for (Path document : documents) {
			Matcher written = WRITTEN.matcher(Files.readString(document));
			while (written.find()) {
				List<String> named = List.of(written.group().split(" → "));
				assertThat(order).as("%s: %s", document.getFileName(), written.group()).containsSubsequence(named);
				found++;
			}
		}
		assertThat(found).as("the order written out somewhere").isPositive();
	}

	private static List<String> outermostFirst() {
		YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
		yaml.setResources(new ClassPathResource("application.yml"));
		Properties settings = yaml.getObject();
		return ASPECT_ORDERS.keySet()
			.stream()
			.sorted(Comparator.comparingLong(policy -> Long.parseLong(settings.getProperty(ASPECT_ORDERS.get(policy)))))
			.toList();
	}

}
