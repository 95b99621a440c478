package com.example.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The repository's root: the {@code project.root} system property (Maven sets it to the directory
 * it was started in), else the nearest directory up from here that holds docker-compose.yml and
 * mvnw, so that a test started from an IDE in any module finds it too.
 */
public final class ProjectRoot {

	private ProjectRoot() {
	}

	public static Path path() {
		String configured = System.getProperty("project.root");
		if (configured != null && isRoot(Path.of(configured))) {
			return Path.of(configured).toAbsolutePath().normalize();
		}
		for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
			if (isRoot(dir)) {
				return dir;
			}
		}
		throw new IllegalStateException("no directory with docker-compose.yml and mvnw above " + Path.of("").toAbsolutePath());
	}

	public static Path resolve(String file) {
		return path().resolve(file);
	}

	private static boolean isRoot(Path dir) {
		return Files.isRegularFile(dir.resolve("docker-compose.yml")) && Files.isRegularFile(dir.resolve("mvnw"));
	}

}
