package io.imagepipe.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.imagepipe.testsupport.TestInfrastructure;
import io.imagepipe.testsupport.TestTokens;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs ingest-api, compression-worker, serving-api and ops-console as separate processes
 * against an isolated database and broker namespace, once for all the test classes that
 * use it, and injects the running {@link Pipeline}. ingest-api takes the bearer tokens of
 * {@link TestTokens}. The processes are stopped when the last test class has run (the
 * JUnit root context closes), whatever the test results, and by a shutdown hook should
 * the JVM end another way.
 */
public final class ServiceProcesses implements BeforeAllCallback, ParameterResolver {

	private static final Namespace NAMESPACE = Namespace.create(ServiceProcesses.class);

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

	@Override
	public void beforeAll(ExtensionContext context) {
		running(context);
	}

	@Override
	public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
		return parameter.getParameter().getType() == Pipeline.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
		return running(context).pipeline();
	}

	private static Running running(ExtensionContext context) {
		return context.getRoot()
			.getStore(NAMESPACE)
			.computeIfAbsent(Running.class, (key) -> Running.start(), Running.class);
	}

	/**
	 * The three processes; closed by JUnit with the root context.
	 */
	private static final class Running implements AutoCloseable {

		private final List<ServiceProcess> processes = new ArrayList<>();

		private final Thread shutdownHook = new Thread(this::stopAll, "e2e-service-processes-stop");

		private Pipeline pipeline;

		static Running start() {
			Running running = new Running();
			Runtime.getRuntime().addShutdownHook(running.shutdownHook);
			try {
				running.startAll();
				return running;
			}
			catch (IOException ex) {
				running.close();
				throw new UncheckedIOException(ex);
			}
			catch (RuntimeException | Error ex) {
				running.close();
				throw ex;
			}
		}

		private void startAll() throws IOException {
			TestInfrastructure infrastructure = TestInfrastructure.get();
			int ingestPort = freePort();
			int workerPort = freePort();
			int servingPort = freePort();
			int opsPort = freePort();
			Map<String, String> environment = Map.of("DATABASE_URL", infrastructure.jdbcUrl(), "DATABASE_USER",
					infrastructure.user(), "DATABASE_PASSWORD", infrastructure.password(), "RABBITMQ_HOST",
					infrastructure.rabbitHost(), "RABBITMQ_PORT", String.valueOf(infrastructure.rabbitPort()),
					"MESSAGING_NAMESPACE", infrastructure.namespace(), "INGEST_PORT", String.valueOf(ingestPort),
					"WORKER_PORT", String.valueOf(workerPort), "SERVING_PORT", String.valueOf(servingPort),
					"PUBLIC_IMAGE_BASE_URL", "http://127.0.0.1:" + servingPort);
			// ingest-api first: it applies the schema migrations the others rely on.
			// It checks bearer tokens with the secret of TestTokens and runs with the
			// local profile, as bin/run starts it (POST /demo/token for the demo
			// pages). The worker and serving-api never get the secret.
			Map<String, String> ingestEnvironment = new HashMap<>(environment);
			ingestEnvironment.put("JWT_SECRET", TestTokens.SECRET);
			// every test of this JVM uploads from 127.0.0.1: the per-address rate is
			// ingest-api's own tests' business; HostileRequestTests bursts over the
			// per-subject rate, which keeps its default
			ingestEnvironment.put("UPLOAD_RATE_PER_ADDRESS", "100000");
			ingestEnvironment.put("SPRING_PROFILES_ACTIVE", "local");
			ServiceProcess ingest = start("ingest-api", ingestPort, ingestEnvironment);
			ingest.awaitHealthy(STARTUP_TIMEOUT);
			ServiceProcess worker = start("compression-worker", workerPort, environment);
			// serving-api writes the finished images as files, which NginxFront sends
			Map<String, String> servingEnvironment = new HashMap<>(environment);
			servingEnvironment.put("SERVING_FILES_DIRECTORY", imageFiles().toString());
			ServiceProcess serving = start("serving-api", servingPort, servingEnvironment);
			worker.awaitHealthy(STARTUP_TIMEOUT);
			// ops-console takes the same bearer tokens as ingest-api
			Map<String, String> opsEnvironment = new HashMap<>(environment);
			opsEnvironment.put("JWT_SECRET", TestTokens.SECRET);
			opsEnvironment.put("OPS_PORT", String.valueOf(opsPort));
			ServiceProcess ops = start("ops-console", opsPort, opsEnvironment);
			serving.awaitHealthy(STARTUP_TIMEOUT);
			ops.awaitHealthy(STARTUP_TIMEOUT);
			this.pipeline = new Pipeline(ingest.baseUrl(), serving.baseUrl(), ops.baseUrl(), worker);
		}

		private ServiceProcess start(String name, int port, Map<String, String> environment) throws IOException {
			Path jar = Path.of(requiredProperty("e2e.jar." + name));
			Path logs = Path.of(requiredProperty("e2e.logs"));
			ServiceProcess process = ServiceProcess.start(name, jar, port, environment, logs);
			synchronized (this.processes) {
				this.processes.add(process);
			}
			return process;
		}

		Pipeline pipeline() {
			return this.pipeline;
		}

		@Override
		public void close() {
			stopAll();
			try {
				Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
			}
			catch (IllegalStateException ex) {
				// the JVM is already shutting down: the hook runs anyway
			}
		}

		private void stopAll() {
			synchronized (this.processes) {
				// in reverse order: ingest-api, which owns the schema, goes last
				for (ServiceProcess process : this.processes.reversed()) {
					process.stop(Duration.ofSeconds(15));
				}
				this.processes.clear();
			}
		}

		private static int freePort() throws IOException {
			try (ServerSocket socket = new ServerSocket(0)) {
				return socket.getLocalPort();
			}
		}

	}

	/**
	 * Where the pipeline's serving-api writes the finished images as files
	 * ({@code SERVING_FILES_DIRECTORY}), the folder an nginx front's {@code image-files}
	 * points to.
	 * @return the folder
	 */
	public static Path imageFiles() {
		return Path.of(requiredProperty("e2e.logs")).resolve("image-files").toAbsolutePath();
	}

	public static String requiredProperty(String name) {
		String value = System.getProperty(name);
		if (value == null || value.isBlank()) {
			throw new IllegalStateException("System property " + name
					+ " is not set. Run the end-to-end tests through Maven (./mvnw verify), which sets it.");
		}
		return value;
	}

}
