package com.example.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import org.testcontainers.containers.GenericContainer;

/**
 * A container published on a free host port that stays its own across a restart: Docker gives a
 * restarted container a new random port, and the tests that restart one check that the running
 * application reconnects to the same address.
 */
public final class FixedHostPort {

	private FixedHostPort() {
	}

	public static <T extends GenericContainer<?>> T publish(T container, int containerPort) {
		int hostPort = freePort();
		container.withCreateContainerCmdModifier(create -> create.getHostConfig()
			.withPortBindings(new PortBinding(Ports.Binding.bindPort(hostPort), ExposedPort.tcp(containerPort))));
		return container;
	}

	/** A port nothing on this host listens on, as of now. */
	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
