package io.imagepipe.e2e.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import io.imagepipe.e2e.Pipeline;
import io.imagepipe.e2e.ServiceProcesses;
import io.imagepipe.testsupport.HostileImages;
import io.imagepipe.testsupport.TestInfrastructure;
import io.imagepipe.testsupport.TestTokens;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The hostile-upload table of docs/security.md on the three running services: files made
 * to cost a decoder unbounded work while staying small and within every header limit.
 * ingest-api refuses each with a problem; the worker checks them again and decodes under
 * its deadline (20 s by default), so that those that reach it (here inserted behind
 * ingest-api's back) end {@code failed} with their reason; and an ordinary photo uploaded
 * after them is served in its usual time.
 */
@ExtendWith(ServiceProcesses.class)
class HostileUploadTests {

	/** The worker's default decode deadline. */
	private static final Duration DEADLINE = Duration.ofSeconds(20);

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final Path PHOTOS = Path.of("..", "test-images", "exif-orientation");

	private final Pipeline pipeline;

	HostileUploadTests(Pipeline pipeline) {
		this.pipeline = pipeline;
	}

	static Stream<Arguments> hostileUploads() {
		return Stream.of(
				row("a scan-bomb JPEG, 256 x 256, 2,000 scans", "image-too-complex",
						() -> HostileImages.scanBombJpeg(256, 256, 2000)),
				row("a scan-bomb JPEG, 2000 x 2000, 2,000 scans", "image-too-complex",
						() -> HostileImages.scanBombJpeg(2000, 2000, 2000)),
				row("a scan-bomb JPEG, 7000 x 7000, 2,000 scans (the reported 248 KB case)", "image-too-complex",
						() -> HostileImages.scanBombJpeg(7000, 7000, 2000)),
				row("a scan-bomb JPEG, 7000 x 7000, 20,000 scans", "image-too-complex",
						() -> HostileImages.scanBombJpeg(7000, 7000, 20_000)),
				row("a PNG declaring 7000 x 7000 RGBA16 over 1 KB of data", "image-too-complex",
						() -> HostileImages.impossibleRatioPng(7000, 7000)),
				row("a PNG whose zTXt chunk inflates to 256 MB", "image-too-complex",
						() -> HostileImages.textBombPng(256L << 20)),
				row("a PNG of 25,000 chunks", "image-too-complex", () -> HostileImages.chunkFloodPng(25_000)),
				row("a GIF of 3 frames of 16 MP, one pixel of data each", "image-too-complex",
						() -> HostileImages.frameBombGif(4000, 4000, 3)),
				row("a GIF of 1,500 frames", "too-many-frames", () -> HostileImages.frameBombGif(16, 16, 1500)));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("hostileUploads")
	void ingestRefusesItWithAProblemAtOnce(Supplier<byte[]> file, String problemType) throws Exception {
		String owner = owner();
		byte[] bytes = file.get();
		long start = System.nanoTime();
		HttpResponse<String> response = upload(owner, bytes);
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		JsonNode problem = json.readTree(response.body());
		assertThat(problem.get("type").asString()).isEqualTo("urn:imagepipe:problem:" + problemType);
		assertThat(problem.get("detail").asString()).doesNotContain("Exception");
		assertThat(took).isLessThan(DEADLINE);
	}

	@Test
	void bytesAfterTheEndMarkerAreDroppedAndThePhotoIsServed() throws Exception {
		String owner = owner();
		byte[] photo = Files.readAllBytes(PHOTOS.resolve("Landscape_3.jpg"));
		HttpResponse<String> response = upload(owner, HostileImages.withTrailingJunk(photo, 5 * 1024 * 1024));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		UUID id = UUID.fromString(json.readTree(response.body()).get("uploadId").asString());
		assertThat(storedSize(id)).isEqualTo(photo.length);
		JsonNode done = awaitFinished(id, Duration.ofSeconds(60));
		assertThat(done.get("status").asString()).isEqualTo("done");
		assertThat(fetch(done.get("imageUrl").asString()).statusCode()).isEqualTo(200);
	}

	@Test
	void bombsThatReachTheWorkerFailWithinTheDeadlineAndAPhotoAfterThemIsServedInItsUsualTime() throws Exception {
		// the usual time of an ordinary photo, alone
		byte[] photo = Files.readAllBytes(PHOTOS.resolve("Portrait_5.jpg"));
		long alone = timeToServe(owner(), photo).toMillis();
		// bombs that ingest-api would refuse, stored behind its back, and one within the
		// structural limits that still costs about 4 s of decoding
		List<UUID> bombs = new ArrayList<>();
		bombs.add(insertAndPublish(HostileImages.scanBombJpeg(7000, 7000, 2000)));
		bombs.add(insertAndPublish(HostileImages.scanBombJpeg(7000, 7000, 2000)));
		bombs.add(insertAndPublish(HostileImages.scanBombJpeg(7000, 7000, 2000)));
		bombs.add(insertAndPublish(HostileImages.textBombPng(256L << 20)));
		bombs.add(insertAndPublish(HostileImages.frameBombGif(4000, 4000, 3)));
		UUID heavy = insertAndPublish(HostileImages.scanBombJpeg(7000, 7000, 100));
		long after = timeToServe(owner(), photo).toMillis();
		// no job holds a worker past the deadline, so the photo waits at most that long
		assertThat(after).as("ms to serve a photo after the bombs (alone: %d ms)", alone)
			.isLessThan(alone + DEADLINE.toMillis() + 5000);
		for (UUID bomb : bombs) {
			JsonNode status = awaitFinished(bomb, DEADLINE.plusSeconds(10));
			assertThat(status.get("status").asString()).isEqualTo("failed");
			assertThat(status.get("error").asString()).containsAnyOf("scans", "metadata inflates",
					"more than its compressed data can hold");
			assertThat(status.get("attempts").asInt()).isEqualTo(1);
		}
		JsonNode heavyStatus = awaitFinished(heavy, DEADLINE.plusSeconds(30));
		assertThat(heavyStatus.get("status").asString()).isIn("done", "failed");
		if ("failed".equals(heavyStatus.get("status").asString())) {
			assertThat(heavyStatus.get("error").asString()).contains("longer than its limit");
		}
	}

	private Duration timeToServe(String owner, byte[] photo) throws Exception {
		long start = System.nanoTime();
		HttpResponse<String> response = upload(owner, photo);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		UUID id = UUID.fromString(json.readTree(response.body()).get("uploadId").asString());
		JsonNode done = awaitFinished(id, Duration.ofSeconds(120));
		assertThat(done.get("status").asString()).isEqualTo("done");
		assertThat(fetch(done.get("imageUrl").asString()).statusCode()).isEqualTo(200);
		return Duration.ofNanos(System.nanoTime() - start);
	}

	private JsonNode awaitFinished(UUID id, Duration atMost) {
		return await("upload " + id + " to finish").atMost(atMost)
			.pollInterval(Duration.ofMillis(200))
			.until(() -> json
				.readTree(http
					.send(HttpRequest.newBuilder(this.pipeline.ingestUrl().resolve("/api/v1/uploads/" + id)).build(),
							HttpResponse.BodyHandlers.ofString())
					.body()),
					(status) -> List.of("done", "failed", "superseded").contains(status.get("status").asString()));
	}

	private HttpResponse<String> upload(String owner, byte[] body) throws Exception {
		return http.send(
				HttpRequest.newBuilder(this.pipeline.ingestUrl().resolve("/api/v1/images/users/" + owner + "/profile"))
					.header("Authorization", TestTokens.bearer(TestTokens.user(owner)))
					.header("Content-Type", "application/octet-stream")
					.POST(HttpRequest.BodyPublishers.ofByteArray(body))
					.build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static HttpResponse<byte[]> fetch(String url) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	private static int storedSize(UUID id) throws Exception {
		try (Connection connection = TestInfrastructure.get().openDatabaseConnection();
				PreparedStatement statement = connection
					.prepareStatement("SELECT byte_size, length(raw_bytes) FROM uploads WHERE id = ?")) {
			statement.setObject(1, id);
			try (ResultSet rs = statement.executeQuery()) {
				assertThat(rs.next()).isTrue();
				assertThat(rs.getInt(2)).isEqualTo(rs.getInt(1));
				return rs.getInt(1);
			}
		}
	}

	/**
	 * Store an upload and publish its job as ingest-api does, without its checks: what a
	 * file that slipped past them would do to the worker.
	 */
	private static UUID insertAndPublish(byte[] bytes) throws Exception {
		UUID id = UUID.randomUUID();
		TestInfrastructure infrastructure = TestInfrastructure.get();
		try (Connection connection = infrastructure.openDatabaseConnection();
				PreparedStatement statement = connection.prepareStatement("""
						INSERT INTO uploads (id, owner_type, owner_id, slot, media_type, byte_size, width, height,
						                     raw_bytes, published_at)
						VALUES (?, 'users', ?, 'profile', 'image/jpeg', ?, 1, 1, ?, now())
						""")) {
			statement.setObject(1, id);
			statement.setString(2, owner());
			statement.setInt(3, bytes.length);
			statement.setBytes(4, bytes);
			statement.executeUpdate();
		}
		try (com.rabbitmq.client.Connection connection = infrastructure.openBrokerConnection();
				Channel channel = connection.createChannel()) {
			channel.confirmSelect();
			channel.basicPublish(infrastructure.namespace() + ".jobs", "compress", true,
					new AMQP.BasicProperties.Builder().contentType("application/json").deliveryMode(2).build(),
					("{\"uploadId\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8));
			channel.waitForConfirmsOrDie(10_000);
		}
		return id;
	}

	private static String owner() {
		return "bomb-" + UUID.randomUUID().toString().substring(0, 8);
	}

	private static Arguments row(String name, String problemType, Supplier<byte[]> file) {
		return Arguments.of(Named.of(name, file), problemType);
	}

}
