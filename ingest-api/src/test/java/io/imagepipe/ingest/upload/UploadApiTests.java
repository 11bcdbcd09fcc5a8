package io.imagepipe.ingest.upload;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32;

import javax.imageio.ImageIO;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.imagepipe.contract.JobTopology;
import io.imagepipe.testsupport.ImagepipeTest;
import io.imagepipe.testsupport.TestInfrastructure;
import io.imagepipe.testsupport.TestTokens;
import jakarta.servlet.MultipartConfigElement;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * ingest-api over real HTTP, against real PostgreSQL and RabbitMQ. Each upload carries
 * the token of the image's owner; who may upload what is covered by
 * {@code UploadAuthorizationTests}.
 */
@ImagepipeTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "imagepipe.upload.max-size=2MB", "spring.servlet.multipart.max-file-size=2MB",
				"spring.servlet.multipart.max-request-size=2MB" })
class UploadApiTests {

	private static final Path CORPUS = Path.of("..", "test-images", "exif-orientation");

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final ObjectMapper json = new ObjectMapper();

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	JobTopology topology;

	@Test
	void multipartUploadIsAcceptedStoredAndQueued() throws Exception {
		byte[] photo = Files.readAllBytes(CORPUS.resolve("Landscape_1.jpg"));
		HttpResponse<String> response = send(Multipart.post(url("/api/v1/images/users/7/profile"), "photo.jpg", photo),
				TestTokens.user("7"));
		assertThat(response.statusCode()).isEqualTo(202);
		JsonNode body = json.readTree(response.body());
		UUID id = UUID.fromString(body.get("uploadId").asString());
		assertThat(body.get("status").asString()).isEqualTo("queued");
		assertThat(body.get("statusUrl").asString()).isEqualTo("/api/v1/uploads/" + id);
		assertThat(body.get("imageUrl").asString()).isEqualTo("http://localhost:8082/images/users/7/profile");
		Map<String, Object> row = this.jdbc
			.sql("SELECT media_type, byte_size, width, height, status FROM uploads WHERE id = :id")
			.param("id", id)
			.query()
			.singleRow();
		assertThat(row).containsEntry("media_type", "image/jpeg")
			.containsEntry("byte_size", photo.length)
			.containsEntry("width", 1800)
			.containsEntry("height", 1200)
			.containsEntry("status", "queued");
		assertThat(queuedJobFor(id)).isTrue();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.jdbc.sql("SELECT published_at IS NOT NULL FROM uploads WHERE id = :id")
				.param("id", id)
				.query(Boolean.class)
				.single()).isTrue());
	}

	@Test
	void rawBodyUploadIsAcceptedWhateverTheContentTypeSays() throws Exception {
		byte[] photo = Files.readAllBytes(CORPUS.resolve("Portrait_1.jpg"));
		HttpResponse<String> response = send(HttpRequest.newBuilder(url("/api/v1/images/organizations/acme/logo"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofByteArray(photo)), TestTokens.orgAdmin("acme-admin", "acme"));
		assertThat(response.statusCode()).isEqualTo(202);
		assertThat(json.readTree(response.body()).get("imageUrl").asString())
			.endsWith("/images/organizations/acme/logo");
	}

	@Test
	void theStoredBytesAreTheUploadsWhetherItCameWithALengthChunkedOrAsAMultipartFile() throws Exception {
		byte[] photo = Files.readAllBytes(CORPUS.resolve("Landscape_3.jpg"));
		HttpResponse<String> sized = send(raw("/api/v1/images/users/13/profile", photo), TestTokens.user("13"));
		HttpResponse<String> chunked = send(
				HttpRequest.newBuilder(url("/api/v1/images/users/13/profile"))
					.header("Content-Type", "image/jpeg")
					.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(photo))),
				TestTokens.user("13"));
		HttpResponse<String> multipart = send(
				Multipart.post(url("/api/v1/images/users/13/profile"), "photo.jpg", photo), TestTokens.user("13"));
		for (HttpResponse<String> response : java.util.List.of(sized, chunked, multipart)) {
			assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
			UUID id = UUID.fromString(json.readTree(response.body()).get("uploadId").asString());
			assertThat(this.jdbc.sql("SELECT raw_bytes FROM uploads WHERE id = :id")
				.param("id", id)
				.query(byte[].class)
				.single()).isEqualTo(photo);
		}
	}

	@Test
	void aMultipartFileUnderTheUploadLimitIsNeverWrittenToATemporaryFile(@Autowired MultipartConfigElement multipart) {
		assertThat(multipart.getFileSizeThreshold()).as("the size from which a part goes to disk")
			.isGreaterThanOrEqualTo((int) Math.min(Integer.MAX_VALUE, multipart.getMaxFileSize()));
	}

	@Test
	void theDriverSendsAnUploadInWritesOf128KilobytesNotEightKilobytes(@Autowired HikariDataSource pool) {
		// pgjdbc reads the bound stream into a buffer of this size and writes it to the
		// socket whenever it is full; the stored bytes are checked above
		assertThat(pool.getDataSourceProperties()).containsEntry("maxSendBufferSize", "131072");
	}

	@Test
	void springSecuritysOwnObservationsAreOffAndTheRequestObservationStays(@Autowired ObservationRegistry registry) {
		Observation security = Observation.start("spring.security.filterchains", registry);
		Observation request = Observation.start("http.server.requests", registry);
		assertThat(security.isNoop()).isTrue();
		assertThat(request.isNoop()).isFalse();
		request.stop();
		security.stop();
	}

	@Test
	void statusShowsTheUploadAndUnknownIdsAreNotFound() throws Exception {
		byte[] png = png(64, 48);
		JsonNode accepted = json
			.readTree(send(raw("/api/v1/images/users/8/profile", png), TestTokens.user("8")).body());
		HttpResponse<String> status = send(HttpRequest.newBuilder(url(accepted.get("statusUrl").asString())).GET());
		assertThat(status.statusCode()).isEqualTo(200);
		assertThat(json.readTree(status.body()).get("status").asString()).isEqualTo("queued");
		HttpResponse<String> missing = send(HttpRequest.newBuilder(url("/api/v1/uploads/" + UUID.randomUUID())).GET());
		assertProblem(missing, 404, "upload-not-found");
		assertProblem(send(HttpRequest.newBuilder(url("/api/v1/uploads/not-a-uuid")).GET()), 404, "upload-not-found");
	}

	@Test
	void textIsRefusedAsUnsupportedMediaType() throws Exception {
		byte[] html = "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8);
		assertProblem(send(raw("/api/v1/images/users/9/profile", html), TestTokens.user("9")), 415,
				"unsupported-media-type");
		byte[] svg = "<svg xmlns='http://www.w3.org/2000/svg'/>".getBytes(StandardCharsets.UTF_8);
		assertProblem(send(Multipart.post(url("/api/v1/images/users/9/profile"), "x.png", svg), TestTokens.user("9")),
				415, "unsupported-media-type");
	}

	@Test
	void bmpIsRefusedEvenThoughItIsAnImage() throws Exception {
		ByteArrayOutputStream bmp = new ByteArrayOutputStream();
		ImageIO.write(new java.awt.image.BufferedImage(4, 4, java.awt.image.BufferedImage.TYPE_INT_RGB), "bmp", bmp);
		HttpResponse<String> response = send(raw("/api/v1/images/users/9/profile", bmp.toByteArray()),
				TestTokens.user("9"));
		assertProblem(response, 415, "unsupported-media-type");
		assertThat(response.body()).contains("image/bmp");
	}

	@Test
	void oversizedUploadsGet413AsProblem() throws Exception {
		byte[] big = new byte[3 * 1024 * 1024];
		System.arraycopy(png(8, 8), 0, big, 0, 50);
		assertProblem(send(raw("/api/v1/images/users/10/profile", big), TestTokens.user("10")), 413,
				"upload-too-large");
		assertProblem(
				send(Multipart.post(url("/api/v1/images/users/10/profile"), "big.png", big), TestTokens.user("10")),
				413, "upload-too-large");
	}

	@Test
	void headerDeclaringTooManyPixelsGets422() throws Exception {
		assertProblem(send(raw("/api/v1/images/users/11/profile", pngClaiming(50_000, 50_000)), TestTokens.user("11")),
				422, "too-many-pixels");
	}

	@Test
	void gifDeclaringAHugeCanvasGets422BeforeAnythingIsStored() throws Exception {
		byte[] bomb = ImageInspectorTests.gifClaiming(50_000, 50_000, 1, 1);
		assertProblem(send(raw("/api/v1/images/users/11/profile", bomb), TestTokens.user("11")), 422,
				"too-many-pixels");
	}

	@Test
	void pdfRenamedAsAnImageIsRefusedAsUnsupportedMediaType() throws Exception {
		byte[] pdf = "%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
		assertProblem(
				send(Multipart.post(url("/api/v1/images/users/9/profile"), "logo.png", pdf), TestTokens.user("9")), 415,
				"unsupported-media-type");
	}

	@Test
	void truncatedHeaderGets422AndEmptyBodyGets400() throws Exception {
		byte[] png = png(16, 16);
		assertProblem(
				send(raw("/api/v1/images/users/12/profile", java.util.Arrays.copyOf(png, 12)), TestTokens.user("12")),
				422, "unreadable-image");
		assertProblem(send(raw("/api/v1/images/users/12/profile", new byte[0]), TestTokens.user("12")), 400,
				"empty-upload");
	}

	@Test
	void unknownSlotsAndBadOwnerIdsAreRefused() throws Exception {
		byte[] png = png(16, 16);
		assertProblem(send(raw("/api/v1/images/users/12/banner", png), TestTokens.user("12")), 404, "unknown-slot");
		// no user or organisation owns these: only a service may even try
		String service = TestTokens.service();
		assertProblem(send(raw("/api/v1/images/robots/12/profile", png), service), 404, "unknown-slot");
		assertProblem(send(raw("/api/v1/images/users/..%2F..%2Fetc/profile", png), service), 400, "invalid-owner-id");
		assertProblem(send(raw("/api/v1/images/users/" + "x".repeat(65) + "/profile", png), service), 400,
				"invalid-owner-id");
	}

	private boolean queuedJobFor(UUID id) throws Exception {
		try (Connection connection = TestInfrastructure.get().openBrokerConnection();
				Channel channel = connection.createChannel()) {
			// the publish follows the commit: give a loaded machine time
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (System.nanoTime() < deadline) {
				GetResponse message = channel.basicGet(this.topology.workQueue(), true);
				if (message == null) {
					Thread.sleep(100);
					continue;
				}
				if (new String(message.getBody(), StandardCharsets.UTF_8).contains(id.toString())) {
					return true;
				}
			}
			return false;
		}
	}

	private void assertProblem(HttpResponse<String> response, int status, String type) throws IOException {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((value) -> assertThat(value).startsWith("application/problem+json"));
		JsonNode problem = json.readTree(response.body());
		assertThat(problem.get("type").asString()).isEqualTo("urn:imagepipe:problem:" + type);
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		assertThat(problem.get("detail").asString()).isNotBlank().doesNotContain("Exception");
	}

	private URI url(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private HttpRequest.Builder raw(String path, byte[] body) {
		return HttpRequest.newBuilder(url(path))
			.header("Content-Type", "application/octet-stream")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static HttpResponse<String> send(HttpRequest.Builder request, String token)
			throws IOException, InterruptedException {
		return send(request.header("Authorization", TestTokens.bearer(token)));
	}

	private static byte[] png(int width, int height) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ImageIO.write(new java.awt.image.BufferedImage(width, height, java.awt.image.BufferedImage.TYPE_INT_RGB), "png",
				out);
		return out.toByteArray();
	}

	private static byte[] pngClaiming(int width, int height) throws IOException {
		byte[] png = png(1, 1);
		ByteBuffer buffer = ByteBuffer.wrap(png);
		buffer.putInt(16, width);
		buffer.putInt(20, height);
		CRC32 crc = new CRC32();
		crc.update(png, 12, 17);
		buffer.putInt(29, (int) crc.getValue());
		return png;
	}

}
