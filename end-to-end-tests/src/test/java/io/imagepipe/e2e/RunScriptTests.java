package io.imagepipe.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.imagepipe.testsupport.TestInfrastructure;
import io.imagepipe.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's {@code bin/run} as a user runs it (with the jars this build made): it
 * prints its URLs, restarts a service killed with {@code kill -9} and says so, keeps the
 * pipeline working, and stops everything on SIGTERM.
 */
class RunScriptTests {

	private static final Pattern UPLOAD_ID = Pattern.compile("\"statusUrl\":\"([^\"]+)\"");

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final StringBuffer output = new StringBuffer();

	@Test
	void restartsAServiceKilledWithSigkillAndTheUploadsGoOn() throws Exception {
		TestInfrastructure infrastructure = TestInfrastructure.create();
		Path repository = Path.of(ServiceProcesses.requiredProperty("e2e.infra")).getParent();
		int ingestPort = ServiceProcess.freePort();
		int servingPort = ServiceProcess.freePort();
		int opsPort = ServiceProcess.freePort();
		ProcessBuilder builder = new ProcessBuilder("bin/run").directory(repository.toFile()).redirectErrorStream(true);
		Map<String, String> environment = builder.environment();
		environment.put("JAVA_HOME", System.getProperty("java.home"));
		environment.put("IMAGEPIPE_SKIP_BUILD", "true");
		environment.put("DATABASE_URL", infrastructure.jdbcUrl());
		environment.put("DATABASE_USER", infrastructure.user());
		environment.put("DATABASE_PASSWORD", infrastructure.password());
		environment.put("RABBITMQ_HOST", infrastructure.rabbitHost());
		environment.put("RABBITMQ_PORT", String.valueOf(infrastructure.rabbitPort()));
		environment.put("MESSAGING_NAMESPACE", infrastructure.namespace());
		environment.put("JWT_SECRET", TestTokens.SECRET);
		environment.put("INGEST_PORT", String.valueOf(ingestPort));
		environment.put("SERVING_PORT", String.valueOf(servingPort));
		environment.put("INGEST_MANAGEMENT_PORT", String.valueOf(ServiceProcess.freePort()));
		environment.put("SERVING_MANAGEMENT_PORT", String.valueOf(ServiceProcess.freePort()));
		environment.put("WORKER_MANAGEMENT_PORT", String.valueOf(ServiceProcess.freePort()));
		environment.put("OPS_PORT", String.valueOf(opsPort));
		environment.put("OPS_MANAGEMENT_PORT", String.valueOf(ServiceProcess.freePort()));
		environment.put("PUBLIC_IMAGE_BASE_URL", "http://127.0.0.1:" + servingPort);
		environment.put("JAVA_OPTS", "-Xmx512m");
		Process run = builder.start();
		Thread reader = Thread.ofVirtual().start(() -> collect(run));
		try {
			await().atMost(Duration.ofSeconds(180))
				.untilAsserted(() -> assertThat(this.output.toString()).contains("imagepipe is running"));
			assertThat(this.output.toString()).contains("http://localhost:" + ingestPort + "/demo/profile.html")
				.contains("http://localhost:" + opsPort + "/ops");

			ProcessHandle worker = run.descendants()
				.filter((process) -> process.info().commandLine().orElse("").contains("compression-worker"))
				.findFirst()
				.orElseThrow();
			worker.destroyForcibly();

			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(this.output.toString())
					.contains("compression-worker stopped unexpectedly (killed by signal KILL); restarting it in 1s")
					.contains("compression-worker restarted"));
			assertThat(run.isAlive()).as("bin/run keeps running").isTrue();
			String status = uploadAndAwaitDone(ingestPort);
			assertThat(status).contains("\"status\":\"done\"");
		}
		finally {
			// SIGTERM, as a service manager sends it (Process.destroy would also close
			// the
			// pipes of its output first)
			run.toHandle().destroy();
			boolean stopped = run.waitFor(60, TimeUnit.SECONDS);
			List<ProcessHandle> left = run.descendants().filter(ProcessHandle::isAlive).toList();
			left.forEach(ProcessHandle::destroyForcibly);
			if (!stopped) {
				run.destroyForcibly();
			}
			reader.join(Duration.ofSeconds(10));
			assertThat(stopped).as("bin/run stops on SIGTERM\n" + this.output).isTrue();
			assertThat(left).as("no service left running").isEmpty();
		}
		assertThat(this.output.toString()).contains("Stopping imagepipe ...").contains("Stopped.");
	}

	private String uploadAndAwaitDone(int ingestPort) throws Exception {
		byte[] photo = Files.readAllBytes(
				Path.of(ServiceProcesses.requiredProperty("e2e.corpus"), "exif-orientation", "Landscape_6.jpg"));
		HttpResponse<String> accepted = http.send(HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + ingestPort + "/api/v1/images/users/run-script/profile"))
			.header("Authorization", TestTokens.bearer(TestTokens.user("run-script")))
			.header("Content-Type", "image/jpeg")
			.POST(HttpRequest.BodyPublishers.ofByteArray(photo))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
		Matcher statusUrl = UPLOAD_ID.matcher(accepted.body());
		assertThat(statusUrl.find()).isTrue();
		URI status = URI.create("http://127.0.0.1:" + ingestPort + statusUrl.group(1));
		String[] last = { "" };
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
			last[0] = http.send(HttpRequest.newBuilder(status).build(), HttpResponse.BodyHandlers.ofString()).body();
			return last[0].contains("\"status\":\"done\"") || last[0].contains("\"status\":\"failed\"");
		});
		return last[0];
	}

	private void collect(Process run) {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(run.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				this.output.append(line).append('\n');
			}
		}
		catch (IOException ex) {
			// the process ended
		}
	}

}
