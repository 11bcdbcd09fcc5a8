package io.imagepipe.e2e.ops;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.UUID;

import io.imagepipe.e2e.Pipeline;
import io.imagepipe.e2e.ServiceProcesses;
import io.imagepipe.testsupport.TestInfrastructure;
import io.imagepipe.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * ops-console as its own process among the others: a failed upload retried through the
 * console's API, with a bearer token of the ops role (the same tokens ingest-api takes),
 * goes back to the outbox, is published by ingest-api's relay, compressed by the worker
 * and served by serving-api, and the console follows it to its served URL.
 */
@ExtendWith(ServiceProcesses.class)
class OpsConsoleTests {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final Pipeline pipeline;

	OpsConsoleTests(Pipeline pipeline) {
		this.pipeline = pipeline;
	}

	@Test
	void aFailedUploadRetriedFromTheConsoleIsPublishedByIngestCompressedAndServed() throws Exception {
		String owner = "e2e-ops-" + UUID.randomUUID().toString().substring(0, 8);
		UUID id = failedUpload(owner, Photos.read("Landscape_1"));

		HttpResponse<String> retried = http
			.send(HttpRequest.newBuilder(this.pipeline.opsUrl().resolve("/api/v1/ops/retries"))
				.header("Authorization", TestTokens.bearer(TestTokens.ops()))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"uploadIds\":[\"" + id + "\"]}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
		assertThat(OpsUploads.json(retried.body()).path("affected").asInt()).isEqualTo(1);

		URI served = OpsUploads.awaitDone(this.pipeline.ingestUrl().resolve("/api/v1/uploads/" + id));
		assertThat(served.getPath()).isEqualTo("/images/users/" + owner + "/profile");
		HttpResponse<byte[]> image = http.send(HttpRequest.newBuilder(served).build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(image.statusCode()).isEqualTo(200);
		assertThat(image.headers().firstValue("Content-Type")).hasValue("image/webp");
		JsonNode outcome = await("the console to see it served").atMost(Duration.ofSeconds(10))
			.until(() -> OpsUploads
				.json(http.send(HttpRequest.newBuilder(this.pipeline.opsUrl().resolve("/api/v1/ops/uploads/" + id))
					.header("Authorization", TestTokens.bearer(TestTokens.ops()))
					.build(), HttpResponse.BodyHandlers.ofString()).body()),
					(answer) -> "done".equals(answer.path("status").asString()));
		assertThat(outcome.path("imageUrl").asString()).isEqualTo(served.toString());
	}

	@Test
	void theConsoleIsNotOnIngestApiAndTheUploadApiIsNotOnTheConsole() throws Exception {
		HttpResponse<String> onIngest = http
			.send(HttpRequest.newBuilder(this.pipeline.ingestUrl().resolve("/api/v1/ops/overview"))
				.header("Authorization", TestTokens.bearer(TestTokens.ops()))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(onIngest.statusCode()).isEqualTo(404);
		HttpResponse<String> onConsole = http.send(
				HttpRequest.newBuilder(this.pipeline.opsUrl().resolve("/api/v1/uploads/" + UUID.randomUUID())).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(onConsole.statusCode()).isEqualTo(404);
	}

	/**
	 * A failed upload with the bytes of a real photo, as the worker leaves one after a
	 * transient error it gave up on.
	 */
	private static UUID failedUpload(String owner, byte[] jpeg) throws Exception {
		UUID id = UUID.randomUUID();
		try (Connection connection = TestInfrastructure.get().openDatabaseConnection();
				PreparedStatement insert = connection.prepareStatement("""
						INSERT INTO uploads (id, owner_type, owner_id, slot, media_type, byte_size, width, height,
						                     raw_bytes, status, attempts, error_class, last_error, published_at,
						                     started_at, finished_at)
						VALUES (?, 'users', ?, 'profile', 'image/jpeg', ?, 1800, 1200, ?, 'failed', 5, 'transient',
						        'Temporary failure (gave up after 5 attempts)', now(), now(), now())
						""")) {
			insert.setObject(1, id);
			insert.setString(2, owner);
			insert.setInt(3, jpeg.length);
			insert.setBytes(4, jpeg);
			insert.executeUpdate();
		}
		return id;
	}

}
