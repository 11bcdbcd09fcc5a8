package io.imagepipe.ingest.upload;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.imagepipe.testsupport.HostileImages;
import io.imagepipe.testsupport.ImagepipeTest;
import io.imagepipe.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Uploads built to make decoding work without bound are refused before anything is
 * stored; bytes after an image's end are dropped; and one owner cannot hold more than the
 * per-owner cap.
 */
@DirtiesContext
@ImagepipeTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "imagepipe.upload.storage.max-bytes-per-owner=400KB",
				// a context of its own, closed after the class: few connections
				"spring.datasource.hikari.maximum-pool-size=3" })
class HostileUploadApiTests {

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final ObjectMapper json = new ObjectMapper();

	private static final AtomicInteger owners = new AtomicInteger();

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Test
	void scanBombJpegsAreRefusedAtEverySize() throws Exception {
		for (int side : new int[] { 256, 2000, 7000 }) {
			String owner = owner();
			byte[] bomb = HostileImages.scanBombJpeg(side, side, 2000);
			assertProblem(upload(owner, bomb), 422, "image-too-complex", "scans");
			assertThat(storedFor(owner)).isZero();
		}
	}

	@Test
	void decompressionBombPngsAreRefused() throws Exception {
		assertProblem(upload(owner(), HostileImages.impossibleRatioPng(7000, 7000)), 422, "image-too-complex",
				"compressed data");
		assertProblem(upload(owner(), HostileImages.textBombPng(256L << 20)), 422, "image-too-complex", "metadata");
		assertProblem(upload(owner(), HostileImages.chunkFloodPng(25_000)), 422, "image-too-complex", "chunks");
	}

	@Test
	void frameBombGifsAreRefused() throws Exception {
		assertProblem(upload(owner(), HostileImages.frameBombGif(4000, 4000, 3)), 422, "image-too-complex",
				"compressed data");
		assertProblem(upload(owner(), HostileImages.frameBombGif(16, 16, 1500)), 422, "too-many-frames", "frames");
	}

	@Test
	void bytesAfterTheImageAreDroppedAndTheImageAloneIsStored() throws Exception {
		byte[][] images = { HostileImages.ordinaryJpeg(120, 80), HostileImages.ordinaryPng(120, 80),
				HostileImages.ordinaryGif(120, 80) };
		for (byte[] image : images) {
			String owner = owner();
			HttpResponse<String> response = upload(owner, HostileImages.withTrailingJunk(image, 300_000));
			assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
			UUID id = UUID.fromString(json.readTree(response.body()).get("uploadId").asString());
			byte[] stored = this.jdbc.sql("SELECT raw_bytes FROM uploads WHERE id = :id")
				.param("id", id)
				.query(byte[].class)
				.single();
			assertThat(stored).isEqualTo(image);
			assertThat(this.jdbc.sql("SELECT byte_size FROM uploads WHERE id = :id")
				.param("id", id)
				.query(Integer.class)
				.single()).isEqualTo(image.length);
		}
	}

	@Test
	void anOwnerAtItsStorageCapGets507AndOtherOwnersAreNotAffected() throws Exception {
		String owner = owner();
		byte[] photo = noisePng(150, 150, 1);
		assertThat(photo.length).isBetween(50_000, 200_000);
		long cap = 400 * 1024;
		int fit = (int) (cap / photo.length);
		for (int i = 0; i < fit; i++) {
			assertThat(upload(owner, noisePng(150, 150, i + 2)).statusCode()).isEqualTo(202);
		}
		HttpResponse<String> full = upload(owner, photo);
		assertProblem(full, 507, "owner-storage-full", "users/" + owner);
		assertThat(storedFor(owner)).isLessThanOrEqualTo(cap);
		// discarded raw bytes no longer count
		this.jdbc.sql("UPDATE uploads SET raw_bytes = NULL WHERE owner_id = :owner").param("owner", owner).update();
		assertThat(upload(owner, photo).statusCode()).isEqualTo(202);
		assertThat(upload(owner(), photo).statusCode()).isEqualTo(202);
	}

	private long storedFor(String owner) {
		return this.jdbc
			.sql("SELECT coalesce(sum(byte_size), 0) FROM uploads WHERE owner_id = :owner AND raw_bytes IS NOT NULL")
			.param("owner", owner)
			.query(Long.class)
			.single();
	}

	private static String owner() {
		return "hostile-" + owners.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	private HttpResponse<String> upload(String owner, byte[] body) throws IOException, InterruptedException {
		return http.send(HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + "/api/v1/images/users/" + owner + "/profile"))
			.header("Authorization", "Bearer " + TestTokens.user(owner))
			.header("Content-Type", "application/octet-stream")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	static void assertProblem(HttpResponse<String> response, int status, String type, String detail)
			throws IOException {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((value) -> assertThat(value).startsWith("application/problem+json"));
		JsonNode problem = json.readTree(response.body());
		assertThat(problem.get("type").asString()).isEqualTo("urn:imagepipe:problem:" + type);
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		assertThat(problem.get("detail").asString()).contains(detail).doesNotContain("Exception");
	}

	/** A PNG of random pixels, which does not compress: about 3 bytes a pixel. */
	private static byte[] noisePng(int width, int height, long seed) throws IOException {
		java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(width, height,
				java.awt.image.BufferedImage.TYPE_INT_RGB);
		Random random = new Random(seed);
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				image.setRGB(x, y, random.nextInt(0x1000000));
			}
		}
		java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		javax.imageio.ImageIO.write(image, "png", out);
		byte[] bytes = out.toByteArray();
		return Arrays.copyOf(bytes, bytes.length);
	}

}
