package com.example.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * {@code kubectl kustomize}: the same rendering {@code kubectl apply -k} does. kubectl comes with the
 * build machines (and any workstation that deploys to Kubernetes); .ci/run checks it is there.
 */
final class Kustomize {

	private static final long TIMEOUT_SECONDS = 60;

	private Kustomize() {
	}

	/** The objects the kustomization in {@code directory} renders, as one YAML stream. */
	static String render(Path directory) {
		try {
			Path errors = Files.createTempFile("kustomize", ".err");
			Process process = new ProcessBuilder("kubectl", "kustomize", directory.toString())
				.redirectError(errors.toFile())
				.start();
			byte[] output = process.getInputStream().readAllBytes();
			if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new RenderFailure("kubectl kustomize " + directory + " did not finish in " + TIMEOUT_SECONDS + " s");
			}
			String error = Files.readString(errors);
			Files.delete(errors);
			if (process.exitValue() != 0) {
				throw new RenderFailure("kubectl kustomize " + directory + " failed: " + error.strip());
			}
			return new String(output, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new RenderFailure("kubectl not found or not runnable (it renders the manifests; install kubectl 1.27+): "
					+ ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RenderFailure("interrupted");
		}
	}

	static final class RenderFailure extends RuntimeException {

		RenderFailure(String message) {
			super(message);
		}

	}

}
