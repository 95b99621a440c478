package com.example.e2e;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.Yaml;

/**
 * A service's own application.yml, read from the source tree, so that a test's or the benchmark's
 * bounds follow the settings instead of copying them (also those of the other service, whose
 * settings its own Spring context does not hold).
 */
public final class ServiceSettings {

	private final Map<String, Object> yaml;

	private ServiceSettings(Map<String, Object> yaml) {
		this.yaml = yaml;
	}

	public static ServiceSettings of(String service) {
		try (Reader reader = Files.newBufferedReader(ProjectRoot.resolve(service + "/src/main/resources/application.yml"))) {
			return new ServiceSettings(new Yaml().load(reader));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static ServiceSettings parse(String yaml) {
		return new ServiceSettings(new Yaml().load(yaml));
	}

	/** A duration such as {@code 400ms}, {@code 5s}, {@code 1m} or {@code 250} (milliseconds, as Spring reads it), at a dotted path. */
	public Duration duration(String path) {
		return duration(path, String.valueOf(get(path)));
	}

	/** A setting's text at a dotted path, if the file has it. */
	public Optional<String> text(String path) {
		return has(path) ? Optional.of(String.valueOf(get(path))) : Optional.empty();
	}

	/** {@code text} read as Spring reads a duration, as in {@link #duration(String)}; {@code what} names it in an error. */
	public static Duration duration(String what, String text) {
		String value = text.strip();
		Matcher matcher = Pattern.compile("(\\d+)(ms|s|m)?").matcher(value);
		if (!matcher.matches()) {
			throw new IllegalArgumentException(what + " is not a duration: " + value);
		}
		long amount = Long.parseLong(matcher.group(1));
		String unit = (matcher.group(2) != null) ? matcher.group(2) : "ms";
		return switch (unit) {
			case "ms" -> Duration.ofMillis(amount);
			case "s" -> Duration.ofSeconds(amount);
			default -> Duration.ofMinutes(amount);
		};
	}

	/** A number, such as {@code 3} or {@code 0.5}, at a dotted path. */
	public double number(String path) {
		return Double.parseDouble(String.valueOf(get(path)).strip());
	}

	/** A text, such as booksvc's cache key prefix, at a dotted path. */
	public String string(String path) {
		return String.valueOf(get(path));
	}

	private boolean has(String path) {
		Object node = yaml;
		for (String key : path.split("\\.")) {
			if (!(node instanceof Map<?, ?> map) || !map.containsKey(key)) {
				return false;
			}
			node = map.get(key);
		}
		return node != null;
	}

	@SuppressWarnings("unchecked")
	private Object get(String path) {
		Object node = yaml;
		for (String key : path.split("\\.")) {
			node = ((Map<String, Object>) node).get(key);
			if (node == null) {
				throw new IllegalArgumentException("no " + path + " in the settings");
			}
		}
		return node;
	}

}
