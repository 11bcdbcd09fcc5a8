package io.imagepipe.e2e.ops;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.imagepipe.e2e.Pipeline;
import io.imagepipe.e2e.ServiceProcess;
import io.imagepipe.e2e.ServiceProcesses;
import io.imagepipe.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The backup of docs/operations.md: a {@code pg_dump} of the running system holds the
 * images themselves, and a fresh database restored from it serves the same bytes under
 * the same versioned URL.
 */
@ExtendWith(ServiceProcesses.class)
class BackupRestoreTests {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final Pipeline pipeline;

	BackupRestoreTests(Pipeline pipeline) {
		this.pipeline = pipeline;
	}

	@Test
	void aDumpRestoredIntoAFreshDatabaseServesIdenticalBytesUnderTheSameVersionedUrl() throws Exception {
		URI imageUrl = OpsUploads.uploadAndWait(this.pipeline, "organizations/e2e-backup/logo", "Landscape_5");
		HttpResponse<byte[]> original = http.send(HttpRequest.newBuilder(imageUrl).build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(original.statusCode()).isEqualTo(200);

		Postgres postgres = new Postgres(TestInfrastructure.get());
		Path logs = Path.of(ServiceProcesses.requiredProperty("e2e.logs"));
		Files.createDirectories(logs);
		Path dump = logs.resolve("imagepipe-backup.dump");
		Files.deleteIfExists(dump);
		postgres.dump(dump);
		assertThat(postgres.run("pg_restore", dump, null, "--list")).as("the dump's table of contents")
			.contains("TABLE DATA public images")
			.contains("TABLE DATA public uploads");

		String restored = "imagepipe_restored_" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
		postgres.execute("CREATE DATABASE " + restored);
		ServiceProcess serving = null;
		try {
			postgres.run("pg_restore", dump, null, "--no-owner", "--exit-on-error", "--dbname=" + restored);
			int port = NginxFront.freePort();
			serving = ServiceProcess.start("serving-api-restored",
					Path.of(ServiceProcesses.requiredProperty("e2e.jar.serving-api")), port,
					Map.of("DATABASE_URL", postgres.jdbcUrl(restored), "DATABASE_USER", TestInfrastructure.get().user(),
							"DATABASE_PASSWORD", TestInfrastructure.get().password(), "SERVING_PORT",
							String.valueOf(port), "PUBLIC_IMAGE_BASE_URL", "http://127.0.0.1:" + port),
					logs);
			serving.awaitHealthy(Duration.ofSeconds(90));
			URI sameUrl = serving.baseUrl().resolve(imageUrl.getRawPath() + "?" + imageUrl.getRawQuery());
			HttpResponse<byte[]> fromRestore = http.send(HttpRequest.newBuilder(sameUrl).build(),
					HttpResponse.BodyHandlers.ofByteArray());

			assertThat(fromRestore.statusCode()).isEqualTo(200);
			assertThat(fromRestore.body()).as("the restored bytes").isEqualTo(original.body());
			assertThat(fromRestore.headers().firstValue("ETag")).isEqualTo(original.headers().firstValue("ETag"));
			assertThat(fromRestore.headers().firstValue("Cache-Control")).as("the same v is still the current version")
				.hasValue("public, max-age=31536000, immutable");
		}
		finally {
			if (serving != null) {
				serving.stop(Duration.ofSeconds(15));
			}
			postgres.execute("DROP DATABASE IF EXISTS " + restored + " WITH (FORCE)");
		}
	}

}
