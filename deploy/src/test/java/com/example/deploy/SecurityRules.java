package com.example.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.example.e2e.ProjectRoot;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;

/** Rule.SECURITY: as locked down as compose's containers, and running as the image's own numeric user. */
final class SecurityRules {

	private SecurityRules() {
	}

	static List<String> security(Manifests manifests, Render render) {
		List<String> violations = new ArrayList<>();
		String imageUser = imageUser(dockerfile());
		violations.addAll(numeric(imageUser));
		for (ServiceAccount account : manifests.all(ServiceAccount.class)) {
			if (!Boolean.FALSE.equals(account.getAutomountServiceAccountToken())) {
				violations.add("ServiceAccount " + account.getMetadata().getName() + " mounts a token");
			}
		}
		for (Workload workload : manifests.workloads()) {
			if (!Boolean.FALSE.equals(workload.pod().getAutomountServiceAccountToken())) {
				violations.add(workload + ": mounts a service account token");
			}
			if (Boolean.TRUE.equals(workload.pod().getHostNetwork()) || Boolean.TRUE.equals(workload.pod().getHostPID())) {
				violations.add(workload + ": shares the host's network or processes");
			}
			for (Volume volume : workload.pod().getVolumes()) {
				if (volume.getEmptyDir() != null && volume.getEmptyDir().getSizeLimit() == null) {
					violations.add(workload + ": emptyDir " + volume.getName() + " has no sizeLimit");
				}
			}
		}
		violations.addAll(PodRules.everyContainer(manifests, (workload, container) -> containerSecurity(workload, container, imageUser)));
		return violations;
	}

	private static List<String> containerSecurity(Workload workload, Container container, String imageUser) {
		PodSecurityContext pod = Optional.ofNullable(workload.pod().getSecurityContext()).orElse(new PodSecurityContext());
		SecurityContext own = Optional.ofNullable(container.getSecurityContext()).orElse(new SecurityContext());
		List<String> violations = new ArrayList<>();
		if (!Boolean.TRUE.equals(either(own.getRunAsNonRoot(), pod.getRunAsNonRoot()))) {
			violations.add("runAsNonRoot is not true");
		}
		Long user = either(own.getRunAsUser(), pod.getRunAsUser());
		if (user == null || user == 0) {
			violations.add("no numeric non-root runAsUser");
		}
		if (Workload.springService(container).isPresent() && user != null && !imageUser.startsWith(user + ":")
				&& !imageUser.equals(String.valueOf(user))) {
			violations.add("runAsUser " + user + " is not the image's user " + imageUser);
		}
		SeccompProfile seccomp = either(own.getSeccompProfile(), pod.getSeccompProfile());
		if (seccomp == null || !"RuntimeDefault".equals(seccomp.getType())) {
			violations.add("seccompProfile is not RuntimeDefault");
		}
		if (!Boolean.FALSE.equals(own.getAllowPrivilegeEscalation()) || Boolean.TRUE.equals(own.getPrivileged())) {
			violations.add("may gain privileges (allowPrivilegeEscalation must be false)");
		}
		if (!Boolean.TRUE.equals(own.getReadOnlyRootFilesystem())) {
			violations.add("root file system is writable");
		}
		Capabilities capabilities = Optional.ofNullable(own.getCapabilities()).orElse(new Capabilities());
		if (!Optional.ofNullable(capabilities.getDrop()).orElse(List.of()).contains("ALL")
				|| !Optional.ofNullable(capabilities.getAdd()).orElse(List.of()).isEmpty()) {
			violations.add("capabilities are not drop [ALL] with none added");
		}
		if (Workload.springService(container).isPresent() && !tmpOnEmptyDir(workload, container)) {
			violations.add("/tmp is not an emptyDir (the JVM and Tomcat write there)");
		}
		return violations;
	}

	private static boolean tmpOnEmptyDir(Workload workload, Container container) {
		return container.getVolumeMounts().stream()
			.filter(mount -> mount.getMountPath().equals("/tmp"))
			.anyMatch(mount -> workload.pod().getVolumes().stream()
				.anyMatch(volume -> volume.getName().equals(mount.getName()) && volume.getEmptyDir() != null));
	}

	/** A kubelet with runAsNonRoot refuses an image whose user is a name: it cannot tell that it is not root. */
	static List<String> numeric(String imageUser) {
		return imageUser.matches("\\d+(:\\d+)?") ? List.of()
				: List.of("Dockerfile: USER " + imageUser + " is a name; runAsNonRoot needs a numeric user");
	}

	/** The last USER of a Dockerfile: the one the image runs as (root when there is none). */
	static String imageUser(List<String> dockerfile) {
		return dockerfile.stream()
			.map(String::strip)
			.filter(line -> line.startsWith("USER "))
			.reduce((first, last) -> last)
			.map(line -> line.substring("USER ".length()).strip())
			.orElse("root");
	}

	static List<String> dockerfile() {
		try {
			return Files.readAllLines(ProjectRoot.resolve("Dockerfile"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static <T> T either(T own, T pod) {
		return (own != null) ? own : pod;
	}

}
