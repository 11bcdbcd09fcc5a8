package io.imagepipe.e2e.ops;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.imagepipe.e2e.ServiceProcesses;

/**
 * Debian's nginx running infra/nginx/nginx.conf, unchanged, in a prefix folder of its
 * own: the templates of infra/nginx/templates are rendered with {@code envsubst}, as the
 * nginx image does at startup, with the upstreams pointing at local ports. It runs in the
 * foreground as a child process and is stopped by {@link #close()} (and by a shutdown
 * hook should the JVM end another way).
 */
final class NginxFront implements AutoCloseable {

	private static final Path INFRA = Path.of(ServiceProcesses.requiredProperty("e2e.infra"));

	private final Path prefix;

	private final int port;

	private final Process process;

	private final Thread shutdownHook;

	private NginxFront(Path prefix, int port, Process process) {
		this.prefix = prefix;
		this.port = port;
		this.process = process;
		this.shutdownHook = new Thread(this::stop, "nginx-front-stop");
		Runtime.getRuntime().addShutdownHook(this.shutdownHook);
	}

	/**
	 * Render the configuration, check it with {@code nginx -t}, and start nginx.
	 * @param ingest the ingest-api upstream, {@code host:port}
	 * @param serving the serving-api upstream
	 * @param ops the ops dashboard upstream
	 * @return the running front
	 * @throws IOException when nginx cannot be started
	 * @throws InterruptedException when interrupted
	 */
	static NginxFront start(String ingest, String serving, String ops) throws IOException, InterruptedException {
		return start(ingest, serving, ops, UnaryOperator.identity());
	}

	/**
	 * Start nginx with infra/nginx/nginx.conf changed for a test, such as a shorter cache
	 * validity.
	 * @param ingest ingest-api's host:port
	 * @param serving serving-api's host:port
	 * @param ops ops-console's host:port
	 * @param edit what to change in nginx.conf
	 * @return the running front
	 * @throws IOException when nginx cannot be started
	 * @throws InterruptedException when interrupted
	 */
	static NginxFront start(String ingest, String serving, String ops, UnaryOperator<String> edit)
			throws IOException, InterruptedException {
		int port = freePort();
		Path prefix = configure(Map.of("INGEST_API_ADDR", ingest, "SERVING_API_ADDR", serving, "OPS_DASHBOARD_ADDR",
				ops, "NGINX_MAX_BODY_SIZE", "21m", "NGINX_PORT", String.valueOf(port)));
		Path conf = prefix.resolve("nginx.conf");
		Files.writeString(conf, edit.apply(Files.readString(conf)));
		String check = configTest(prefix);
		if (!check.contains("test is successful")) {
			throw new AssertionError("nginx -t refused infra/nginx/nginx.conf:\n" + check);
		}
		Process process = new ProcessBuilder(nginx(), "-p", prefix + "/", "-c", prefix.resolve("nginx.conf").toString(),
				"-e", "stderr", "-g", "daemon off;")
			.redirectErrorStream(true)
			.redirectOutput(prefix.resolve("nginx.log").toFile())
			.start();
		NginxFront front = new NginxFront(prefix, port, process);
		front.awaitListening();
		return front;
	}

	/**
	 * Render the configuration into a fresh prefix folder.
	 * @param variables the values of the templates' variables
	 * @return the prefix, holding nginx.conf and conf.d/
	 * @throws IOException when a file cannot be written or envsubst fails
	 * @throws InterruptedException when interrupted
	 */
	static Path configure(Map<String, String> variables) throws IOException, InterruptedException {
		Path logs = Path.of(ServiceProcesses.requiredProperty("e2e.logs"));
		Path prefix = logs.resolve("nginx-" + UUID.randomUUID().toString().substring(0, 8)).toAbsolutePath();
		Files.createDirectories(prefix.resolve("conf.d"));
		// nginx's workers run as an unprivileged user when the tests run as root
		prefix.toFile().setExecutable(true, false);
		prefix.toFile().setReadable(true, false);
		Files.copy(INFRA.resolve("nginx/nginx.conf"), prefix.resolve("nginx.conf"));
		// the files the pipeline's serving-api writes, as compose mounts its volume there
		Files.createDirectories(ServiceProcesses.imageFiles());
		Files.createSymbolicLink(prefix.resolve("image-files"), ServiceProcesses.imageFiles());
		String names = String.join(" ", variables.keySet().stream().map((name) -> "${" + name + "}").toList());
		try (Stream<Path> templates = Files.list(INFRA.resolve("nginx/templates"))) {
			for (Path template : templates.filter((file) -> file.toString().endsWith(".template")).toList()) {
				String name = template.getFileName().toString().replaceFirst("\\.template$", "");
				ProcessBuilder envsubst = new ProcessBuilder("envsubst", names).redirectInput(template.toFile())
					.redirectOutput(prefix.resolve("conf.d").resolve(name).toFile())
					.redirectError(ProcessBuilder.Redirect.INHERIT);
				envsubst.environment().putAll(variables);
				if (envsubst.start().waitFor() != 0) {
					throw new IOException("envsubst failed on " + template);
				}
			}
		}
		return prefix;
	}

	/**
	 * Run {@code nginx -t} on a rendered configuration.
	 * @param prefix the prefix folder
	 * @return what nginx printed
	 * @throws IOException when nginx cannot be run
	 * @throws InterruptedException when interrupted
	 */
	static String configTest(Path prefix) throws IOException, InterruptedException {
		Process test = new ProcessBuilder(nginx(), "-t", "-p", prefix + "/", "-c",
				prefix.resolve("nginx.conf").toString(), "-e", "stderr")
			.redirectErrorStream(true)
			.start();
		String output = new String(test.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		test.waitFor(30, TimeUnit.SECONDS);
		return output;
	}

	URI baseUrl() {
		return URI.create("http://127.0.0.1:" + this.port);
	}

	URI url(String pathAndQuery) {
		return baseUrl().resolve(pathAndQuery);
	}

	/**
	 * The entries in the front's image cache: its files under {@code images_cache/}.
	 * @return how many there are now
	 */
	long cachedImages() {
		Path cache = this.prefix.resolve("images_cache");
		if (!Files.isDirectory(cache)) {
			return 0;
		}
		try (Stream<Path> files = Files.walk(cache)) {
			return files.filter(Files::isRegularFile).count();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	String log() {
		try {
			return Files.readString(this.prefix.resolve("nginx.log"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		stop();
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException ex) {
			// the JVM is already shutting down: the hook runs anyway
		}
	}

	private void stop() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	private void awaitListening() throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new AssertionError("nginx exited with " + this.process.exitValue() + ":\n" + log());
			}
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", this.port), 500);
				return;
			}
			catch (IOException ex) {
				Thread.sleep(50);
			}
		}
		throw new AssertionError("nginx did not listen on " + this.port + ":\n" + log());
	}

	/**
	 * The nginx binary: on the PATH, or where Debian puts it.
	 * @return its path
	 */
	static String nginx() {
		List<Path> candidates = new ArrayList<>();
		for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			candidates.add(Path.of(folder, "nginx"));
		}
		candidates.add(Path.of("/usr/sbin/nginx"));
		return candidates.stream()
			.filter(Files::isExecutable)
			.findFirst()
			.map(Path::toString)
			.orElseThrow(() -> new AssertionError(
					"nginx is not installed. bin/test installs it (apt-get install nginx); or install it yourself."));
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
