package com.example.deploy;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The image's user, which the pods' runAsUser must be: numeric, or a kubelet with runAsNonRoot refuses the image. */
class ImageUserTest {

	@Test
	void theImageRunsAsAFixedNumericUser() {
		String user = SecurityRules.imageUser(SecurityRules.dockerfile());

		assertThat(user).isEqualTo("10001:10001");
		assertThat(SecurityRules.numeric(user)).isEmpty();
	}

	@Test
	void aUserNameOrNoUserAtAllIsRefused() {
		assertThat(SecurityRules.numeric(SecurityRules.imageUser(List.of("FROM eclipse-temurin:25-jre", "USER app"))))
			.containsExactly("Dockerfile: USER app is a name; runAsNonRoot needs a numeric user");
		assertThat(SecurityRules.numeric(SecurityRules.imageUser(List.of("FROM eclipse-temurin:25-jre"))))
			.containsExactly("Dockerfile: USER root is a name; runAsNonRoot needs a numeric user");
	}

	@Test
	void theLastUserIsTheOneThatCounts() {
		assertThat(SecurityRules.imageUser(List.of("USER root", "RUN make", "  USER 10001:10001"))).isEqualTo("10001:10001");
	}

}
