package com.example.booksvc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One lookup goes down the packages and never back: book (the HTTP API) → edge (booksvc's door,
 * answer sharing, the latency budget) → catalog (the policies and the last-good answers) →
 * storagesvc (the client). What a package may use of booksvc's own, read from the imports.
 */
class PackageDependenciesTest {

	private static final Path SOURCES = Path.of("src/main/java/com/example/booksvc");

	private static final Pattern OWN_IMPORT = Pattern.compile("^import com\\.example\\.booksvc\\.(\\w+)\\.", Pattern.MULTILINE);

	private static final Map<String, Set<String>> MAY_USE = Map.of(
			"book", Set.of("edge", "catalog", "cache", "storagesvc", "config"),
			"edge", Set.of("catalog", "resilience", "storagesvc", "config"),
			"catalog", Set.of("cache", "resilience", "storagesvc", "config"),
			"resilience", Set.of("storagesvc"),
			"storagesvc", Set.of(),
			"cache", Set.of("resilience"),
			"config", Set.of());

	@Test
	void eachPackageUsesOnlyThePackagesBelowIt() throws IOException {
		for (var entry : MAY_USE.entrySet()) {
			assertThat(used(entry.getKey())).as(entry.getKey()).isSubsetOf(entry.getValue());
		}
	}

	@Test
	void everyPackageIsPlaced() throws IOException {
		try (Stream<Path> packages = Files.list(SOURCES)) {
			assertThat(packages.filter(Files::isDirectory).map(dir -> dir.getFileName().toString()))
				.containsExactlyInAnyOrderElementsOf(MAY_USE.keySet());
		}
	}

	private static Set<String> used(String pkg) throws IOException {
		Set<String> used = new TreeSet<>();
		try (Stream<Path> files = Files.list(SOURCES.resolve(pkg))) {
			for (Path file : files.toList()) {
				Matcher own = OWN_IMPORT.matcher(Files.readString(file));
				while (own.find()) {
					used.add(own.group(1));
				}
			}
		}
		used.remove(pkg);
		return used;
	}

}
