package io.imagepipe.e2e.ops;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.imagepipe.e2e.OwnerTokens;
import io.imagepipe.e2e.Pipeline;
import io.imagepipe.testsupport.TestTokens;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Uploads straight to ingest-api, with a bearer token, for the tests that need an image
 * to exist first.
 */
final class OpsUploads {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private OpsUploads() {
	}

	/**
	 * Upload a corpus photo as the raw body and wait until it is served.
	 * @param pipeline the running services
	 * @param image the image key, such as {@code users/42/profile}
	 * @param photo the corpus photo, such as {@code Landscape_1}
	 * @return the image's versioned URL at serving-api
	 * @throws Exception when the upload cannot be sent
	 */
	static URI uploadAndWait(Pipeline pipeline, String image, String photo) throws Exception {
		return awaitDone(upload(pipeline, image, photo));
	}

	/**
	 * Upload a corpus photo as the raw body, with the owner's token.
	 * @param pipeline the running services
	 * @param image the image key, such as {@code users/42/profile}
	 * @param photo the corpus photo, such as {@code Landscape_1}
	 * @return the upload's status URL
	 * @throws Exception when the upload cannot be sent
	 */
	static URI upload(Pipeline pipeline, String image, String photo) throws Exception {
		return upload(pipeline, OwnerTokens.forImage(image), image, photo);
	}

	/**
	 * Upload a corpus photo as the raw body, with a given token.
	 * @param pipeline the running services
	 * @param token the bearer token, such as {@link TestTokens#service()}
	 * @param image the image key, such as {@code users/42/profile}
	 * @param photo the corpus photo, such as {@code Landscape_1}
	 * @return the upload's status URL
	 * @throws Exception when the upload cannot be sent
	 */
	static URI upload(Pipeline pipeline, String token, String image, String photo) throws Exception {
		HttpResponse<String> accepted = http
			.send(HttpRequest.newBuilder(pipeline.ingestUrl().resolve("/api/v1/images/" + image))
				.header("Authorization", TestTokens.bearer(token))
				.header("Content-Type", "image/jpeg")
				.POST(HttpRequest.BodyPublishers.ofByteArray(Photos.read(photo)))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
		return pipeline.ingestUrl().resolve(json(accepted.body()).path("statusUrl").asString());
	}

	/**
	 * Poll an upload until it is done.
	 * @param statusUrl its status URL
	 * @return the image's versioned URL
	 */
	static URI awaitDone(URI statusUrl) {
		JsonNode done = await("upload " + statusUrl + " to be done").atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> status(statusUrl), (status) -> !status.path("status").asString().matches("queued|processing"));
		assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("done");
		return URI.create(done.path("imageUrl").asString());
	}

	static JsonNode status(URI statusUrl) throws Exception {
		return json(http.send(HttpRequest.newBuilder(statusUrl).build(), HttpResponse.BodyHandlers.ofString()).body());
	}

	static JsonNode json(String body) {
		return JsonMapper.shared().readTree(body);
	}

}
