package io.imagepipe.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One service running from its executable jar as a separate OS process, with its output
 * in a log file.
 */
public final class ServiceProcess {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final String name;

	private final Process process;

	private final Path log;

	private final URI baseUrl;

	private final URI managementUrl;

	private ServiceProcess(String name, Process process, Path log, URI baseUrl, URI managementUrl) {
		this.name = name;
		this.process = process;
		this.log = log;
		this.baseUrl = baseUrl;
		this.managementUrl = managementUrl;
	}

	/**
	 * Start a service with the java of this JVM.
	 * @param name the module name, such as {@code ingest-api}
	 * @param jar its executable jar
	 * @param port the port its HTTP server listens on (the worker's is its management
	 * port); the management port of the others is {@code MANAGEMENT_PORT} when the
	 * environment gives one, else a free port
	 * @param environment its settings
	 * @param logs the folder for its log file
	 * @return the started process, not yet healthy
	 * @throws IOException when the process cannot be started
	 */
	public static ServiceProcess start(String name, Path jar, int port, Map<String, String> environment, Path logs)
			throws IOException {
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException(name + " is not built: " + jar + " is missing. Run ./mvnw verify from the "
					+ "repository root, or ./mvnw package -pl " + name + " -am first.");
		}
		Files.createDirectories(logs);
		Path log = logs.resolve(name + ".log");
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		ProcessBuilder builder = new ProcessBuilder(java, "-Xmx512m", "-jar", jar.toString()).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
		builder.environment().putAll(environment);
		// several sets of services share one PostgreSQL in a test run:
		// small pools keep them well below its connection limit
		builder.environment().putIfAbsent("DATABASE_POOL_SIZE", "4");
		// the worker serves nothing but Actuator: WORKER_PORT is its management port
		int managementPort = String.valueOf(port).equals(environment.get("WORKER_PORT")) ? port
				: Integer.parseInt(environment.getOrDefault("MANAGEMENT_PORT", String.valueOf(freePort())));
		builder.environment().put("MANAGEMENT_PORT", String.valueOf(managementPort));
		return new ServiceProcess(name, builder.start(), log, URI.create("http://127.0.0.1:" + port),
				URI.create("http://127.0.0.1:" + managementPort));
	}

	public String name() {
		return this.name;
	}

	public URI baseUrl() {
		return this.baseUrl;
	}

	/**
	 * Where Actuator answers: {@code /actuator/health}, its readiness and liveness
	 * groups, {@code /actuator/prometheus}.
	 * @return the management port's base URL
	 */
	public URI managementUrl() {
		return this.managementUrl;
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	/**
	 * Wait until {@code /actuator/health} reports UP.
	 * @param timeout how long to wait at most
	 * @throws AssertionError with the end of the log when the process exits or the time
	 * is up first
	 */
	public void awaitHealthy(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!isHealthy()) {
			if (!this.process.isAlive()) {
				throw new AssertionError(this.name + " exited with code " + this.process.exitValue()
						+ " before it became healthy. End of " + this.log + ":\n" + logTail());
			}
			if (System.nanoTime() > deadline) {
				throw new AssertionError(
						this.name + " did not report UP on " + this.managementUrl + "/actuator/health within "
								+ timeout.toSeconds() + " s. End of " + this.log + ":\n" + logTail());
			}
			sleep(250);
		}
	}

	/**
	 * Ask {@code /actuator/health} once.
	 * @return whether it answered 200 with status UP
	 */
	boolean isHealthy() {
		HttpRequest request = HttpRequest.newBuilder(this.managementUrl.resolve("/actuator/health"))
			.timeout(Duration.ofSeconds(3))
			.build();
		try {
			HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
			return response.statusCode() == 200
					&& "UP".equals(JsonMapper.shared().readTree(response.body()).path("status").asString());
		}
		catch (IOException | RuntimeException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * The last lines the service logged, ECS JSON lines shown as level, logger, message
	 * and stack trace.
	 * @return up to 30 lines
	 */
	public String logTail() {
		try {
			List<String> lines = new String(Files.readAllBytes(this.log), StandardCharsets.UTF_8).lines().toList();
			return lines.subList(Math.max(0, lines.size() - 30), lines.size())
				.stream()
				.map(ServiceProcess::readable)
				.collect(Collectors.joining("\n"));
		}
		catch (IOException ex) {
			return "(cannot read " + this.log + ": " + ex + ")";
		}
	}

	private static String readable(String line) {
		if (!line.startsWith("{")) {
			return line;
		}
		try {
			JsonNode entry = JsonMapper.shared().readTree(line);
			String text = entry.at("/log/level").asString() + " " + entry.at("/log/logger").asString() + ": "
					+ entry.path("message").asString();
			JsonNode trace = entry.at("/error/stack_trace");
			return trace.isMissingNode() ? text : text + "\n" + trace.asString();
		}
		catch (RuntimeException ex) {
			return line;
		}
	}

	/**
	 * Kill the process at once (SIGKILL), as a crash or {@code kill -9} would.
	 */
	void kill() {
		this.process.destroyForcibly();
		try {
			this.process.waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Stop gracefully (SIGTERM), and forcibly when that takes too long.
	 * @param grace how long a graceful stop may take
	 */
	public void stop(Duration grace) {
		this.process.destroy();
		try {
			if (!this.process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
				this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for a service", ex);
		}
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
