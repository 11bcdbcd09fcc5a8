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

import io.imagepipe.testsupport.TestTokens;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Uploads a small PNG over real HTTP, as the upload component does, with the bearer token
 * of the image's owner.
 */
public final class TestUploads {

	private static final HttpClient http = HttpClient.newHttpClient();

	private TestUploads() {
	}

	/**
	 * Upload a PNG as its owner and check that it is accepted: a user's image with that
	 * user's token, an organisation's with the token of one of its admins.
	 * @param base where ingest-api listens
	 * @param image such as {@code users/7/profile}
	 * @return the upload's id
	 * @throws Exception when the request fails
	 */
	public static UUID upload(URI base, String image) throws Exception {
		return upload(base, image, ownersToken(image));
	}

	/**
	 * Upload a PNG with a token and check that it is accepted.
	 * @param base where ingest-api listens
	 * @param image such as {@code users/7/profile}
	 * @param token the bearer token
	 * @return the upload's id
	 * @throws Exception when the request fails
	 */
	public static UUID upload(URI base, String image, String token) throws Exception {
		HttpResponse<String> response = post(base, image, TestTokens.bearer(token));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		return UUID.fromString(JsonMapper.builder().build().readTree(response.body()).path("uploadId").asString());
	}

	/**
	 * Upload a PNG, whatever the answer.
	 * @param base where ingest-api listens
	 * @param image such as {@code users/7/profile}
	 * @param authorization the {@code Authorization} header, or {@code null} for none
	 * @param headers further headers, as name and value pairs
	 * @return the response
	 * @throws Exception when the request fails
	 */
	public static HttpResponse<String> post(URI base, String image, String authorization, String... headers)
			throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/api/v1/images/" + image))
			.header("Content-Type", "image/png")
			.POST(HttpRequest.BodyPublishers.ofByteArray(png()));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		if (headers.length > 0) {
			request.headers(headers);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * The narrowest token that may write an image.
	 * @param image such as {@code users/7/profile}
	 * @return the user's token, or an admin's of the organisation
	 */
	public static String ownersToken(String image) {
		String[] segments = image.split("/");
		return switch (segments[0]) {
			case "users" -> TestTokens.user(segments[1]);
			case "organizations" -> TestTokens.orgAdmin("admin-of-" + segments[1], segments[1]);
			default -> throw new IllegalArgumentException("No owner's token for " + image);
		};
	}

	/**
	 * A small PNG, as uploads send it.
	 * @return its bytes
	 * @throws IOException never, in practice
	 */
	public static byte[] png() throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ImageIO.write(new BufferedImage(32, 24, BufferedImage.TYPE_INT_RGB), "png", out);
		return out.toByteArray();
	}

}
