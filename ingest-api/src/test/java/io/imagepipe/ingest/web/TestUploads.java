package io.imagepipe.ingest.web;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import javax.imageio.ImageIO;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Uploads a small PNG over real HTTP, as the upload component does.
 */
public final class TestUploads {

	private static final HttpClient http = HttpClient.newHttpClient();

	private TestUploads() {
	}

	/**
	 * Upload a PNG and check that it is accepted.
	 * @param base where ingest-api listens
	 * @param image such as {@code users/7/profile}
	 * @return the upload's id
	 * @throws Exception when the request fails
	 */
	public static UUID upload(URI base, String image) throws Exception {
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/images/" + image))
			.header("Content-Type", "image/png")
			.POST(HttpRequest.BodyPublishers.ofByteArray(png()))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		return UUID.fromString(JsonMapper.builder().build().readTree(response.body()).path("uploadId").asString());
	}

	private static byte[] png() throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ImageIO.write(new BufferedImage(32, 24, BufferedImage.TYPE_INT_RGB), "png", out);
		return out.toByteArray();
	}

}
