package com.example.e2e;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.yaml.snakeyaml.Yaml;

/**
 * {@code docker compose config} output, read into the same values whichever compose printed it: v1
 * prints ports and volumes in the short syntax ({@code 127.0.0.1:8081:8081/tcp},
 * {@code /abs/initdb:/docker-entrypoint-initdb.d:ro}), v2 in the long one (maps), with a top-level
 * {@code name} and numbers as strings. JSON ({@code --format json}) is YAML too.
 */
record ComposeConfig(Map<String, Service> services) {

	@SuppressWarnings("unchecked")
	static ComposeConfig parse(String output) {
		Map<String, Object> file = new Yaml().load(output);
		Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) file.get("services");
		return new ComposeConfig(services.entrySet()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, entry -> new Service(entry.getValue()))));
	}

	Service service(String name) {
		Service service = services.get(name);
		if (service == null) {
			throw new IllegalArgumentException("no service " + name + " in " + services.keySet());
		}
		return service;
	}

	/** One service; what neither syntax changes (cap_drop, read_only, logging…) through {@link #get}. */
	record Service(Map<String, Object> settings) {

		Object get(String key) {
			return settings.get(key);
		}

		boolean has(String key) {
			return settings.containsKey(key);
		}

		List<Port> ports() {
			return list("ports").stream().map(Port::of).toList();
		}

		List<Volume> volumes() {
			return list("volumes").stream().map(Volume::of).toList();
		}

		/** Mount points of its tmpfs, without their options ({@code /tmp:size=32m} → {@code /tmp}). */
		List<String> tmpfs() {
			Object tmpfs = settings.get("tmpfs");
			List<?> entries = (tmpfs instanceof List<?> list) ? list : (tmpfs == null ? List.of() : List.of(tmpfs));
			return entries.stream().map(entry -> String.valueOf(entry).split(":", 2)[0]).toList();
		}

		/** As strings: compose may print a value as a string or as what YAML reads it as. */
		Map<String, String> environment() {
			Object environment = settings.get("environment");
			if (environment instanceof List<?> pairs) {
				return pairs.stream()
					.map(pair -> String.valueOf(pair).split("=", 2))
					.collect(Collectors.toMap(pair -> pair[0], pair -> pair.length > 1 ? pair[1] : ""));
			}
			Map<?, ?> map = (environment == null) ? Map.of() : (Map<?, ?>) environment;
			return map.entrySet()
				.stream()
				.collect(Collectors.toMap(entry -> String.valueOf(entry.getKey()),
						entry -> entry.getValue() == null ? "" : String.valueOf(entry.getValue())));
		}

		private List<?> list(String key) {
			Object value = settings.get(key);
			return (value == null) ? List.of() : (List<?>) value;
		}

	}

	/** A published port; {@code hostIp} null when published on every interface. */
	record Port(String hostIp, String published, int target, String protocol) {

		static Port of(Object entry) {
			if (entry instanceof Map<?, ?> longSyntax) {
				Object hostIp = longSyntax.get("host_ip");
				Object published = longSyntax.get("published");
				Object protocol = longSyntax.get("protocol");
				return new Port(hostIp == null ? null : String.valueOf(hostIp),
						published == null ? null : String.valueOf(published),
						Integer.parseInt(String.valueOf(longSyntax.get("target"))),
						protocol == null ? "tcp" : String.valueOf(protocol));
			}
			// [host_ip:][published:]target[/protocol]
			String[] protocolSplit = String.valueOf(entry).split("/", 2);
			String protocol = protocolSplit.length > 1 ? protocolSplit[1] : "tcp";
			String[] parts = protocolSplit[0].split(":");
			int target = Integer.parseInt(parts[parts.length - 1]);
			return switch (parts.length) {
				case 1 -> new Port(null, null, target, protocol);
				case 2 -> new Port(null, parts[0], target, protocol);
				default -> new Port(parts[0], parts[1], target, protocol);
			};
		}

	}

	/** A mount: {@code type} bind (a host path) or volume (a named volume). */
	record Volume(String type, String source, String target, boolean readOnly) {

		static Volume of(Object entry) {
			if (entry instanceof Map<?, ?> longSyntax) {
				return new Volume(String.valueOf(longSyntax.get("type")), String.valueOf(longSyntax.get("source")),
						String.valueOf(longSyntax.get("target")), Boolean.TRUE.equals(longSyntax.get("read_only")));
			}
			// source:target[:mode], the mode a comma-separated list (ro, rw, z…)
			String[] parts = String.valueOf(entry).split(":");
			String source = parts[0];
			boolean readOnly = parts.length > 2 && List.of(parts[2].split(",")).contains("ro");
			String type = (source.startsWith("/") || source.startsWith(".")) ? "bind" : "volume";
			return new Volume(type, source, parts[1], readOnly);
		}

	}

}
