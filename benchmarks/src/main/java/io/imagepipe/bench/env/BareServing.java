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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The calibration endpoint of figure 1 ({@code io.imagepipe.bench.calibration}) as its
 * own JVM, started from the benchmark suite's jar with the JVM options and the Tomcat and
 * thread settings serving-api runs with, serving the given bytes from memory.
 */
public final class BareServing implements AutoCloseable {

	/** The main class, run by Boot's launcher from the suite's executable jar. */
	private static final String MAIN = "io.imagepipe.bench.calibration.BareServingApplication";

	/**
	 * serving-api's settings that shape how an answer is served (its application.yml):
	 * keep them in step with it. The thread model follows
	 * {@code SPRING_THREADS_VIRTUAL_ENABLED} when it is set, as serving-api's does, so
	 * that a run with platform threads compares like with like.
	 */
	private static final List<String> SERVING_API_SETTINGS = List.of("--spring.threads.virtual.enabled="
			+ java.util.Objects.requireNonNullElse(System.getenv("SPRING_THREADS_VIRTUAL_ENABLED"), "true"));

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final Process process;

	private final URI baseUrl;

	private BareServing(Process process, URI baseUrl) {
		this.process = process;
		this.baseUrl = baseUrl;
	}

	/**
	 * Start the endpoint and wait until it answers.
	 * @param repository the repository, for the suite's jar
	 * @param bytes the image to serve
	 * @param work a folder for the image file and the log
	 * @return the running endpoint
	 */
	public static BareServing start(Path repository, byte[] bytes, Path work) {
		try {
			Files.createDirectories(work);
			Path image = Files.write(work.resolve("bare-serving.webp"), bytes);
			Path log = work.resolve("bare-serving.log");
			int port = Services.freePort();
			List<String> command = new ArrayList<>();
			command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
			// serving-api's JVM options in the benchmark (Services)
			command.addAll(List.of("-Xmx576m", "-XX:+ExitOnOutOfMemoryError", "-cp", suiteJar(repository).toString(),
					"-Dloader.main=" + MAIN, "org.springframework.boot.loader.launch.PropertiesLauncher"));
			// no application.yml: the suite's class path holds the worker's
			command.addAll(List.of("--spring.config.name=bare-serving", "--server.port=" + port,
					"--calibration.file=" + image.toAbsolutePath()));
			command.addAll(SERVING_API_SETTINGS);
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
				.start();
			BareServing bare = new BareServing(process, URI.create("http://127.0.0.1:" + port));
			bare.awaitAnswering(Duration.ofMinutes(2), log);
			return bare;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start the bare serving endpoint", ex);
		}
	}

	/**
	 * Where the endpoint answers a path.
	 * @param pathAndQuery such as {@code /images/users/1/profile?v=…}
	 * @return the URL
	 */
	public URI url(String pathAndQuery) {
		return this.baseUrl.resolve(pathAndQuery);
	}

	public long pid() {
		return this.process.pid();
	}

	private void awaitAnswering(Duration timeout, Path log) {
		long deadline = System.nanoTime() + timeout.toNanos();
		HttpRequest request = HttpRequest.newBuilder(url("/images/users/calibration/profile"))
			.timeout(Duration.ofSeconds(3))
			.build();
		while (true) {
			try {
				if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			if (!this.process.isAlive() || System.nanoTime() > deadline) {
				close();
				throw new IllegalStateException("The bare serving endpoint did not start; see " + log);
			}
			Sleep.millis(250);
		}
	}

	private static Path suiteJar(Path repository) throws IOException {
		try (Stream<Path> jars = Files.list(repository.resolve("benchmarks").resolve("target"))) {
			return jars.filter((jar) -> jar.getFileName().toString().matches("benchmarks-.*-exec\\.jar"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("benchmarks/target holds no benchmarks-*-exec.jar"));
		}
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

}
