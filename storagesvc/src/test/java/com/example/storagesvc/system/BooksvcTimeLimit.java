package com.example.storagesvc.system;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.yaml.snakeyaml.Yaml;

import org.springframework.boot.convert.DurationStyle;

/**
 * booksvc's per-attempt time limit ({@code resilience4j.timelimiter.configs.default.timeout-duration}),
 * read from booksvc's own application.yml: the contract between the two services is that
 * storagesvc's database-down 503 arrives inside it.
 */
final class BooksvcTimeLimit {

	private BooksvcTimeLimit() {
	}

	@SuppressWarnings("unchecked")
	static Duration read() {
		// Maven's failsafe sets project.root; from an IDE the module's directory is the working one.
		Path root = Path.of(System.getProperty("project.root", ".."));
		Path file = root.resolve("booksvc/src/main/resources/application.yml");
		try (Reader reader = Files.newBufferedReader(file)) {
			Map<String, Object> yaml = new Yaml().load(reader);
			Object value = at(yaml, "resilience4j", "timelimiter", "configs", "default", "timeout-duration");
			return DurationStyle.detectAndParse(String.valueOf(value));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@SuppressWarnings("unchecked")
	private static Object at(Map<String, Object> yaml, String... keys) {
		Object node = yaml;
		for (String key : keys) {
			node = ((Map<String, Object>) node).get(key);
		}
		return node;
	}

}
