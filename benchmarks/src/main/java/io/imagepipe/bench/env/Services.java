package io.imagepipe.bench.env;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * ingest-api, compression-worker and serving-api, each a process from its executable jar
 * ({@code <module>/target/<module>-<version>-exec.jar}) on free loopback ports, against
 * the run's own database and namespace. ingest-api checks bearer tokens with a random
 * secret of the run's own ({@link BearerTokens}); uploads send {@link #serviceToken()}.
 *
 * <p>
 * Their heaps are what the Docker image gives them ({@code MaxRAMPercentage=75}) in a
 * container of the size the figures are about: 768 MB of heap for the worker, whose
 * target is a peak RSS of 1 GB, and 576 MB (75 % of compose's 768 MB) for the two APIs.
 * As in the image, an {@code OutOfMemoryError} ends the process.
 */
public final class Services implements AutoCloseable {

	private static final Duration STARTUP = Duration.ofSeconds(180);

	private final List<JavaService> running = new ArrayList<>();

	private final BearerTokens tokens = BearerTokens.random();

	private JavaService ingest;

	private JavaService worker;

	private JavaService serving;

	private Path imageFiles;

	private Runnable workerStarter;

	private Services() {
	}

	/**
	 * Start the three services and wait until they are healthy.
	 * @param repository the repository root, where the jars are
	 * @param version the project version in the jars' names
	 * @param isolation the database and namespace
	 * @param logs the folder for their logs
	 * @return the running services
	 */
	public static Services start(Path repository, String version, Isolation isolation, Path logs) {
		Services services = new Services();
		try {
			services.startAll(repository, version, isolation, logs);
			return services;
		}
		catch (RuntimeException ex) {
			services.close();
			throw ex;
		}
	}

	private void startAll(Path repository, String version, Isolation isolation, Path logs) {
		int ingestPort = freePort();
		int workerPort = freePort();
		int servingPort = freePort();
		Map<String, String> environment = new HashMap<>(isolation.environment());
		environment.putAll(Map.of("INGEST_PORT", String.valueOf(ingestPort), "WORKER_PORT", String.valueOf(workerPort),
				"SERVING_PORT", String.valueOf(servingPort), "PUBLIC_IMAGE_BASE_URL", "http://127.0.0.1:" + servingPort,
				"LOG_FORMAT", "ecs"));
		// ingest-api first: it applies the schema migrations the others rely on; it alone
		// gets the secret that checks the tokens
		Map<String, String> ingestEnvironment = new HashMap<>(environment);
		ingestEnvironment.put("JWT_SECRET", this.tokens.secret());
		this.ingest = start(repository, version, "ingest-api", ingestPort, "576m", ingestEnvironment, logs);
		this.ingest.awaitHealthy(STARTUP);
		this.workerStarter = () -> this.worker = start(repository, version, "compression-worker", workerPort, "768m",
				environment, logs);
		this.workerStarter.run();
		// serving-api writes the finished images as files, which the front sends
		// (compose's image-files volume; DeployedFront)
		this.imageFiles = logs.resolveSibling("image-files").toAbsolutePath();
		Map<String, String> servingEnvironment = new HashMap<>(environment);
		servingEnvironment.put("SERVING_FILES_DIRECTORY", this.imageFiles.toString());
		this.serving = start(repository, version, "serving-api", servingPort, "576m", servingEnvironment, logs);
		this.worker.awaitHealthy(STARTUP);
		this.serving.awaitHealthy(STARTUP);
	}

	private JavaService start(Path repository, String version, String name, int port, String heap,
			Map<String, String> environment, Path logs) {
		Path jar = snapshot(repository.resolve(name).resolve("target").resolve(name + "-" + version + "-exec.jar"),
				logs.resolveSibling("jars"));
		// a service with JVM defaults of its own (infra/jvm/<service>.options) runs with
		// them, as bin/run and the Docker image start it
		Path options = repository.resolve("infra").resolve("jvm").resolve(name + ".options").toAbsolutePath();
		String memory = Files.isRegularFile(options) ? "@" + options : "-Xmx" + heap;
		JavaService service = JavaService.start(name, jar, port, List.of(memory, "-XX:+ExitOnOutOfMemoryError"),
				environment, logs);
		this.running.add(service);
		return service;
	}

	/**
	 * A copy of a jar for this run: other builds in the same working tree may rewrite the
	 * jar under {@code target/} while the service runs from it.
	 */
	private static Path snapshot(Path jar, Path folder) {
		if (!Files.isRegularFile(jar)) {
			return jar;
		}
		try {
			Files.createDirectories(folder);
			return Files.copy(jar, folder.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A bearer token with the service role for ingest-api: it may write any image and is
	 * not rate limited.
	 * @return the compact token, valid for two hours
	 */
	public String serviceToken() {
		return this.tokens.service();
	}

	public URI ingestUrl() {
		return this.ingest.baseUrl();
	}

	/**
	 * Where serving-api writes the finished images as files.
	 * @return the folder ({@code SERVING_FILES_DIRECTORY})
	 */
	public Path imageFiles() {
		return this.imageFiles;
	}

	public URI servingUrl() {
		return this.serving.baseUrl();
	}

	public JavaService ingest() {
		return this.ingest;
	}

	public JavaService worker() {
		return this.worker;
	}

	public JavaService serving() {
		return this.serving;
	}

	/**
	 * The services' pids with their names, for {@link CpuMeter} and profiles.
	 * @return pid to name
	 */
	public Map<Long, String> names() {
		Map<Long, String> names = new HashMap<>();
		for (JavaService service : this.running) {
			names.put(service.pid(), service.name());
		}
		names.put(ProcessHandle.current().pid(), "bench (this JVM)");
		return names;
	}

	/**
	 * Stop the worker, so that uploads stay queued and take no CPU from what is measured.
	 */
	public void stopWorker() {
		this.worker.stop();
		this.running.remove(this.worker);
	}

	/**
	 * Start the worker afresh, so that its peak RSS ({@code VmHWM}) counts only what
	 * follows, and wait until it is healthy.
	 */
	public void restartWorker() {
		stopWorker();
		this.workerStarter.run();
		this.worker.awaitHealthy(STARTUP);
	}

	@Override
	public void close() {
		// in reverse order: ingest-api, which owns the schema, goes last
		for (JavaService service : this.running.reversed()) {
			service.stop();
		}
		this.running.clear();
	}

	/**
	 * A free TCP port on loopback.
	 * @return the port
	 */
	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
