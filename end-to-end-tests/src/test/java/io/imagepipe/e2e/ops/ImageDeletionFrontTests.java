package io.imagepipe.e2e.ops;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.imagepipe.e2e.OwnerTokens;
import io.imagepipe.e2e.Pipeline;
import io.imagepipe.e2e.ServiceProcesses;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Deleting an image through the real services and the real nginx front: 404 at
 * serving-api for the plain URL, every {@code ?v=} and every rendition as soon as the
 * deletion's announcement reaches it (milliseconds); 404 through the front within the
 * front's bound on how long it keeps an image. The front runs infra/nginx/nginx.conf with
 * its image validity shortened from 10 minutes to {@value #VALIDITY_SECONDS} seconds, so
 * the bound is measured in a test's time; the production value is checked in the file.
 * Uploads still queued when their image is deleted never bring it back.
 */
@ExtendWith(ServiceProcesses.class)
class ImageDeletionFrontTests {

	private static final String PRODUCTION_VALIDITY = "proxy_cache_valid 200 10m;";

	static final int VALIDITY_SECONDS = 3;

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static NginxFront front;

	private final Pipeline pipeline;

	ImageDeletionFrontTests(Pipeline pipeline) {
		this.pipeline = pipeline;
	}

	@BeforeAll
	static void startFront(Pipeline pipeline) throws Exception {
		String ingest = pipeline.ingestUrl().getAuthority();
		front = NginxFront.start(ingest, pipeline.servingUrl().getAuthority(), pipeline.opsUrl().getAuthority(),
				(conf) -> {
					assertThat(conf).as("the front's bound in infra/nginx/nginx.conf").contains(PRODUCTION_VALIDITY);
					return conf.replace(PRODUCTION_VALIDITY, "proxy_cache_valid 200 " + VALIDITY_SECONDS + "s;");
				});
	}

	@AfterAll
	static void stopFront() {
		if (front != null) {
			front.close();
		}
	}

	@Test
	void aDeletedImageIs404AtServingApiAtOnceAndThroughTheFrontWithinItsBound() throws Exception {
		String image = "users/e2e-delete-" + UUID.randomUUID().toString().substring(0, 8) + "/profile";
		JsonNode done = uploadAndWait(image, "Landscape_3");
		assertThat(done.path("status").asString()).isEqualTo("done");
		URI direct = URI.create(done.path("imageUrl").asString());
		String versioned = direct.getRawPath() + "?" + direct.getRawQuery();
		String rendition = renditionPath(image);
		for (String path : List.of(versioned, rendition)) {
			assertThat(front(path).headers().firstValue("X-Cache-Status")).as(path).hasValue("MISS");
			HttpResponse<byte[]> hit = front(path);
			assertThat(hit.statusCode()).isEqualTo(200);
			// from the file serving-api wrote on the first, which the deletion removes
			assertThat(hit.headers().firstValue("X-Cache-Status")).as(path).hasValue("FILE");
			assertThat(hit.headers().firstValue("Cache-Control")).as("browsers still get serving-api's own")
				.hasValue("public, max-age=31536000, immutable");
		}
		// serving-api has the bytes in memory now (HotImages)
		assertThat(origin(versioned).statusCode()).isEqualTo(200);

		HttpResponse<String> deleted = http.send(HttpRequest.newBuilder(front.url("/api/v1/images/" + image))
			.header("Authorization", OwnerTokens.bearer(image))
			.DELETE()
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
		long deletedAt = System.nanoTime();

		for (String path : List.of(direct.getRawPath(), versioned, rendition, direct.getRawPath() + "/meta")) {
			// serving-api keeps the image's metadata in memory until the deletion's
			// announcement reaches it, milliseconds after the 204 (at most its poll
			// interval, 1 s, when the message is lost; the wait is generous for a loaded
			// machine)
			HttpResponse<byte[]> gone = await("serving-api to drop " + path).atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> origin(path), (response) -> response.statusCode() == 404);
			assertThat(gone.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
		}
		assertThat(front(direct.getRawPath()).statusCode()).as("the plain URL, which the front had not kept")
			.isEqualTo(404);
		for (String path : List.of(versioned, rendition)) {
			await("the front to drop " + path).atMost(Duration.ofSeconds(VALIDITY_SECONDS + 5))
				.pollInterval(Duration.ofMillis(250))
				.until(() -> front(path).statusCode() == 404);
		}
		double seconds = (System.nanoTime() - deletedAt) / 1e9;
		assertThat(seconds).as("the front's bound").isLessThan(VALIDITY_SECONDS + 5);
		// and it stays gone: the front stores no 404 and no stale copy comes back
		for (int i = 0; i < 5; i++) {
			assertThat(front(versioned).statusCode()).isEqualTo(404);
			assertThat(front(rendition).statusCode()).isEqualTo(404);
			Thread.sleep(300);
		}
	}

	@Test
	void uploadsStillQueuedWhenTheirImageIsDeletedNeverBringItBack() throws Exception {
		String image = "users/e2e-inflight-" + UUID.randomUUID().toString().substring(0, 8) + "/profile";
		List<String> statusPaths = new ArrayList<>();
		for (String photo : List.of("Landscape_1", "Portrait_1", "Landscape_3", "Portrait_4")) {
			statusPaths.add(upload(image, photo));
		}
		HttpResponse<String> deleted = http
			.send(HttpRequest.newBuilder(this.pipeline.ingestUrl().resolve("/api/v1/images/" + image))
				.header("Authorization", OwnerTokens.bearer(image))
				.DELETE()
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(deleted.statusCode()).isEqualTo(204);

		for (String statusPath : statusPaths) {
			JsonNode status = await("the upload to end").atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> status(statusPath),
						(node) -> !node.path("status").asString().matches("queued|processing"));
			assertThat(status.path("status").asString()).as(statusPath).isEqualTo("deleted");
		}
		// give a late worker write every chance to show
		Thread.sleep(1000);
		assertThat(origin("/images/" + image).statusCode()).isEqualTo(404);

		JsonNode after = uploadAndWait(image, "Portrait_4");
		assertThat(after.path("status").asString()).as("an upload after the delete").isEqualTo("done");
		assertThat(origin("/images/" + image).statusCode()).isEqualTo(200);
	}

	private String renditionPath(String image) throws Exception {
		HttpResponse<String> meta = http.send(
				HttpRequest.newBuilder(this.pipeline.servingUrl().resolve("/images/" + image + "/meta")).build(),
				HttpResponse.BodyHandlers.ofString());
		JsonNode renditions = JsonMapper.shared().readTree(meta.body()).path("renditions");
		assertThat(renditions.isArray() && !renditions.isEmpty()).as(meta.body()).isTrue();
		URI url = URI.create(renditions.get(0).path("url").asString());
		return url.getRawPath() + "?" + url.getRawQuery();
	}

	private JsonNode uploadAndWait(String image, String photo) throws Exception {
		String statusPath = upload(image, photo);
		return await("the upload to finish").atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> status(statusPath), (node) -> !node.path("status").asString().matches("queued|processing"));
	}

	private String upload(String image, String photo) throws Exception {
		HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(front.url("/api/v1/images/" + image))
			.header("Content-Type", "image/jpeg")
			.header("Authorization", OwnerTokens.bearer(image))
			.POST(HttpRequest.BodyPublishers.ofByteArray(Photos.read(photo)))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
		return JsonMapper.shared().readTree(accepted.body()).path("statusUrl").asString();
	}

	private JsonNode status(String statusPath) throws IOException, InterruptedException {
		return JsonMapper.shared()
			.readTree(http
				.send(HttpRequest.newBuilder(this.pipeline.ingestUrl().resolve(statusPath)).build(),
						HttpResponse.BodyHandlers.ofString())
				.body());
	}

	private HttpResponse<byte[]> origin(String path) throws IOException, InterruptedException {
		return http.send(HttpRequest.newBuilder(this.pipeline.servingUrl().resolve(path)).build(),
				HttpResponse.BodyHandlers.ofByteArray());
	}

	private static HttpResponse<byte[]> front(String path) throws IOException, InterruptedException {
		return http.send(HttpRequest.newBuilder(front.url(path)).timeout(Duration.ofSeconds(30)).build(),
				HttpResponse.BodyHandlers.ofByteArray());
	}

}
