package io.imagepipe.bench.env;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One service running from its executable jar as a separate process, with its output in a
 * log file, as it runs in production.
 */
public final class JavaService {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final String name;

	private final Process process;

	private final Path log;

	private final URI baseUrl;

	private final URI managementUrl;

	private JavaService(String name, Process process, Path log, URI baseUrl, URI managementUrl) {
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
	 * @param port the port of its HTTP server (the worker's is its management port; the
	 * others get a free management port)
	 * @param jvmOptions the options before {@code -jar}
	 * @param environment its settings
	 * @param logs the folder for its log
	 * @return the started process, not yet healthy
	 */
	static JavaService start(String name, Path jar, int port, List<String> jvmOptions, Map<String, String> environment,
			Path logs) {
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException(name + " is not built: " + jar + " is missing. Run bin/bench, which builds "
					+ "it, or ./mvnw -DskipTests package first.");
		}
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		command.add("-jar");
		command.add(jar.toString());
		try {
			Files.createDirectories(logs);
			Path log = logs.resolve(name + ".log");
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
			builder.environment().putAll(environment);
			// the worker serves nothing but Actuator: WORKER_PORT is its management port
			int managementPort = String.valueOf(port).equals(environment.get("WORKER_PORT")) ? port
					: Services.freePort();
			builder.environment().put("MANAGEMENT_PORT", String.valueOf(managementPort));
			return new JavaService(name, builder.start(), log, URI.create("http://127.0.0.1:" + port),
					URI.create("http://127.0.0.1:" + managementPort));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start " + name, ex);
		}
	}

	public String name() {
		return this.name;
	}

	public URI baseUrl() {
		return this.baseUrl;
	}

	public URI managementUrl() {
		return this.managementUrl;
	}

	public long pid() {
		return this.process.pid();
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	/**
	 * Wait until {@code /actuator/health} answers 200.
	 * @param timeout how long to wait at most
	 */
	void awaitHealthy(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!isHealthy()) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(this.name + " exited with " + this.process.exitValue()
						+ " before it became healthy; see " + this.log);
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(
						this.name + " was not healthy within " + timeout.toSeconds() + " s; see " + this.log);
			}
			Sleep.millis(250);
		}
	}

	private boolean isHealthy() {
		HttpRequest request = HttpRequest.newBuilder(this.managementUrl.resolve("/actuator/health"))
			.timeout(Duration.ofSeconds(3))
			.build();
		try {
			return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * The process's peak resident set size so far ({@code VmHWM} of
	 * {@code /proc/<pid>/status}).
	 * @return bytes, or -1 when the process is gone
	 */
	public long peakRssBytes() {
		return Procfs.statusKilobytes(pid(), "VmHWM") * 1024;
	}

	/**
	 * Its resident set size now ({@code VmRSS}).
	 * @return bytes, or -1 when the process is gone
	 */
	public long rssBytes() {
		return Procfs.statusKilobytes(pid(), "VmRSS") * 1024;
	}

	/**
	 * Whether its log contains a text, such as {@code OutOfMemoryError}.
	 * @param text the text
	 * @return whether it occurs
	 */
	public boolean logContains(String text) {
		try {
			return Files.readString(this.log).contains(text);
		}
		catch (IOException ex) {
			return false;
		}
	}

	public Path log() {
		return this.log;
	}

	/**
	 * Stop gracefully (SIGTERM), forcibly when that takes too long.
	 */
	public void stop() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

}
