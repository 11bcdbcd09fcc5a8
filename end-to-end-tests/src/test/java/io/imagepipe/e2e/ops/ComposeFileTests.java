package io.imagepipe.e2e.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.imagepipe.e2e.ServiceProcesses;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * infra/docker-compose.yml, checked without a Docker engine: it parses (with the compose
 * tool where one is installed), every long-running service has a health check and
 * resource limits, the data lives in named volumes, the worker can be scaled, nginx gets
 * every variable its templates use, and every variable is in docs/configuration.md.
 */
class ComposeFileTests {

	private static final Path INFRA = Path.of(ServiceProcesses.requiredProperty("e2e.infra"));

	private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");

	private static final Set<String> LONG_RUNNING = Set.of("postgres", "rabbitmq", "ingest-api", "compression-worker",
			"serving-api", "ops-console", "nginx");

	@Test
	void theComposeFileDefinesTheProductionLikeStack() throws IOException {
		Map<String, Object> services = map(compose().get("services"));
		assertThat(services).containsOnlyKeys("postgres", "rabbitmq", "ingest-api", "compression-worker", "serving-api",
				"ops-console", "nginx", "import");
		// the official images unless a variable names others (infra/images/build.sh)
		assertThat(string(map(services.get("postgres")).get("image")))
			.isEqualTo("${POSTGRES_IMAGE:-postgres:17-alpine}");
		assertThat(string(map(services.get("rabbitmq")).get("image")))
			.isEqualTo("${RABBITMQ_IMAGE:-rabbitmq:4-management-alpine}");
		for (String name : LONG_RUNNING) {
			Map<String, Object> service = map(services.get(name));
			assertThat(map(service.get("healthcheck")).get("test")).as("%s health check", name).isNotNull();
			Map<String, Object> limits = map(map(map(service.get("deploy")).get("resources")).get("limits"));
			assertThat(limits).as("%s resource limits", name).containsKeys("cpus", "memory");
		}
		for (String name : List.of("ingest-api", "compression-worker", "serving-api", "ops-console", "import")) {
			Map<String, Object> build = map(map(services.get(name)).get("build"));
			assertThat(build.get("dockerfile")).isEqualTo("infra/docker/Dockerfile");
			assertThat(map(build.get("args")).get("SERVICE")).isEqualTo(name.equals("import") ? "image-import" : name);
		}
		assertThat(map(services.get("import")).get("profiles")).as("a one-off job, not started by up")
			.isEqualTo(List.of("tools"));
	}

	@Test
	void theWorkerScalesOutAndTheDataLivesInNamedVolumes() throws IOException {
		Map<String, Object> compose = compose();
		Map<String, Object> services = map(compose.get("services"));
		Map<String, Object> worker = map(services.get("compression-worker"));
		assertThat(worker).as("a scaled service can publish no fixed port or name")
			.doesNotContainKeys("ports", "container_name");

		Set<String> declared = map(compose.get("volumes")).keySet();
		Set<String> used = new TreeSet<>();
		for (Object service : services.values()) {
			for (Object volume : list(map(service).get("volumes"))) {
				String source = string(volume).split(":")[0];
				if (!source.startsWith(".") && !source.startsWith("/") && !source.startsWith("$")) {
					used.add(source);
				}
			}
		}
		assertThat(used).containsExactlyInAnyOrderElementsOf(declared).contains("postgres-data", "rabbitmq-data");
		assertThat(list(map(services.get("postgres")).get("volumes")))
			.contains("postgres-data:/var/lib/postgresql/data");
	}

	@Test
	void nginxRunsTheCheckedConfigurationWithEveryVariableItsTemplatesUse() throws IOException {
		Map<String, Object> nginx = map(map(compose().get("services")).get("nginx"));
		assertThat(list(nginx.get("volumes"))).contains("./nginx/nginx.conf:/etc/nginx/nginx.conf:ro",
				"./nginx/templates:/etc/nginx/templates:ro");
		Set<String> templateVariables = new TreeSet<>();
		try (Stream<Path> templates = Files.list(INFRA.resolve("nginx/templates"))) {
			for (Path template : templates.toList()) {
				templateVariables.addAll(variables(Files.readString(template)));
			}
		}
		templateVariables.remove("VARIABLES");
		assertThat(map(nginx.get("environment")).keySet()).containsAll(templateVariables);
	}

	/**
	 * The demo-token endpoint exists only under the {@code local} profile, which nothing
	 * of the production configuration may turn on; and ingest-api gets a way to check
	 * tokens from the environment, never a committed secret.
	 */
	@Test
	void productionConfigurationNeverEnablesDemoTokensNorCommitsATokenSecret() throws IOException {
		String compose = Files.readString(INFRA.resolve("docker-compose.yml"));
		String dockerfile = Files.readString(INFRA.resolve("docker").resolve("Dockerfile"));
		for (String configuration : List.of(compose, dockerfile)) {
			assertThat(configuration).doesNotContainIgnoringCase("SPRING_PROFILES_ACTIVE")
				.doesNotContainIgnoringCase("spring.profiles.active")
				.doesNotContain("demo-tokens");
		}
		Map<String, Object> services = map(compose().get("services"));
		Map<String, Object> ingest = map(map(services.get("ingest-api")).get("environment"));
		assertThat(ingest).containsEntry("JWT_SECRET", "${JWT_SECRET:-}")
			.containsEntry("JWT_JWK_SET_URI", "${JWT_JWK_SET_URI:-}");
		// ops-console takes the same tokens
		Map<String, Object> ops = map(map(services.get("ops-console")).get("environment"));
		assertThat(ops).containsEntry("JWT_SECRET", "${JWT_SECRET:-}")
			.containsEntry("JWT_JWK_SET_URI", "${JWT_JWK_SET_URI:-}");
		assertThat(Files.readString(INFRA.resolve(".env.example"))).contains("\nJWT_SECRET=\n");
	}

	@Test
	void everyVariableOfTheComposeFileIsDocumented() throws IOException {
		String compose = Files.readString(INFRA.resolve("docker-compose.yml"));
		String documentation = Files.readString(INFRA.resolveSibling("docs").resolve("configuration.md"));
		Set<String> variables = new TreeSet<>(variables(compose));
		Map<String, Object> services = map(new Yaml().<Map<String, Object>>load(compose).get("services"));
		for (Object service : services.values()) {
			variables.addAll(map(map(service).get("environment")).keySet());
		}
		// the RabbitMQ image's own names for RABBITMQ_USER and RABBITMQ_PASSWORD
		variables.removeAll(Set.of("RABBITMQ_DEFAULT_USER", "RABBITMQ_DEFAULT_PASS"));
		List<String> undocumented = new ArrayList<>();
		for (String variable : variables) {
			if (!documentation.contains("`" + variable + "`")) {
				undocumented.add(variable);
			}
		}
		assertThat(undocumented).as("variables missing from docs/configuration.md").isEmpty();
	}

	@Test
	void theComposeToolAcceptsTheFileAndRefusesToRunWithoutPasswords() throws Exception {
		List<String> tool = composeTool();
		assertThat(tool).as("docker compose or docker-compose (bin/test installs docker-compose)").isNotNull();
		ProcessResult valid = runCompose(tool,
				Map.of("POSTGRES_PASSWORD", "secret", "RABBITMQ_PASSWORD", "secret", "OPS_PASSWORD", "secret"));
		assertThat(valid.exitCode()).as(valid.output()).isZero();
		ProcessResult withoutPasswords = runCompose(tool, Map.of());
		assertThat(withoutPasswords.exitCode()).isNotZero();
		// compose names one missing variable, not always the same one: leave out each in
		// turn, with the others set
		for (String missing : List.of("POSTGRES_PASSWORD", "RABBITMQ_PASSWORD", "OPS_PASSWORD")) {
			Map<String, String> others = new java.util.HashMap<>(
					Map.of("POSTGRES_PASSWORD", "secret", "RABBITMQ_PASSWORD", "secret", "OPS_PASSWORD", "secret"));
			others.remove(missing);
			ProcessResult without = runCompose(tool, others);
			assertThat(without.exitCode()).as("without " + missing).isNotZero();
			assertThat(without.output()).as("without " + missing).contains(missing);
		}
	}

	private static ProcessResult runCompose(List<String> tool, Map<String, String> environment)
			throws IOException, InterruptedException {
		// an empty env file, so that a developer's infra/.env cannot supply the passwords
		Path noEnvFile = Files.createTempFile("imagepipe-compose", ".env");
		List<String> command = new ArrayList<>(tool);
		command.addAll(List.of("--project-directory", INFRA.toString(), "-f",
				INFRA.resolve("docker-compose.yml").toString(), "--env-file", noEnvFile.toString(), "config", "-q"));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().remove("POSTGRES_PASSWORD");
		builder.environment().remove("RABBITMQ_PASSWORD");
		builder.environment().remove("OPS_PASSWORD");
		builder.environment().putAll(environment);
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		process.waitFor(60, TimeUnit.SECONDS);
		Files.delete(noEnvFile);
		return new ProcessResult(process.exitValue(), output);
	}

	private static List<String> composeTool() throws InterruptedException {
		for (List<String> candidate : List.of(List.of("docker", "compose"), List.of("docker-compose"))) {
			List<String> version = new ArrayList<>(candidate);
			version.add("version");
			try {
				Process process = new ProcessBuilder(version).redirectErrorStream(true).start();
				process.getInputStream().readAllBytes();
				if (process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0) {
					return candidate;
				}
			}
			catch (IOException ex) {
				// not installed
			}
		}
		return null;
	}

	private static Set<String> variables(String text) {
		Set<String> names = new TreeSet<>();
		Matcher matcher = VARIABLE.matcher(text);
		while (matcher.find()) {
			names.add(matcher.group(1));
		}
		return names;
	}

	private static Map<String, Object> compose() throws IOException {
		return new Yaml().load(Files.readString(INFRA.resolve("docker-compose.yml")));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (value != null) ? (Map<String, Object>) value : Map.of();
	}

	private static List<String> list(Object value) {
		return (value != null) ? ((List<?>) value).stream().map(String::valueOf).toList() : List.of();
	}

	private static String string(Object value) {
		return String.valueOf(value);
	}

	private record ProcessResult(int exitCode, String output) {
	}

}
