package io.imagepipe.e2e.ops;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
 * infra/nginx/nginx.conf, the file compose runs, in Debian's nginx in front of the real
 * services: uploads with their bearer tokens, status, images and their caching go through
 * it as a browser's would.
 */
@ExtendWith(ServiceProcesses.class)
class NginxFrontTests {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static NginxFront front;

	private final Pipeline pipeline;

	NginxFrontTests(Pipeline pipeline) {
		this.pipeline = pipeline;
	}

	@BeforeAll
	static void startFront(Pipeline pipeline) throws Exception {
		String ingest = pipeline.ingestUrl().getAuthority();
		front = NginxFront.start(ingest, pipeline.servingUrl().getAuthority(), pipeline.opsUrl().getAuthority());
	}

	@AfterAll
	static void stopFront() {
		if (front != null) {
			front.close();
		}
	}

	@Test
	void anUploadThroughTheFrontWithoutATokenIsRefusedAsAProblemAndWithTheOwnersTokenAccepted() throws Exception {
		String image = "users/e2e-nginx-token/profile";
		HttpResponse<String> anonymous = send(uploadRequest(image, "Portrait_4"), HttpResponse.BodyHandlers.ofString());
		assertThat(anonymous.statusCode()).as(anonymous.body()).isEqualTo(401);
		assertThat(anonymous.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				(challenge) -> assertThat(challenge).as("the challenge ingest-api sent").startsWith("Bearer"));
		assertThat(json(anonymous.body()).path("type").asString()).isEqualTo("urn:imagepipe:problem:unauthorized");

		HttpResponse<String> accepted = send(
				uploadRequest(image, "Portrait_4").header("Authorization", OwnerTokens.bearer(image)),
				HttpResponse.BodyHandlers.ofString());
		assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
		assertThat(json(accepted.body()).path("statusUrl").asString()).startsWith("/api/v1/uploads/");
	}

	@Test
	void anUploadThroughTheFrontIsServedThroughItAndItsVersionedUrlIsCachedThere() throws Exception {
		String image = "users/e2e-nginx/profile";
		HttpResponse<String> accepted = send(
				uploadRequest(image, "Landscape_3").header("Authorization", OwnerTokens.bearer(image)),
				HttpResponse.BodyHandlers.ofString());
		assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
		String statusPath = json(accepted.body()).path("statusUrl").asString();
		JsonNode done = await("the upload to finish").atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> json(
					send(HttpRequest.newBuilder(front.url(statusPath)), HttpResponse.BodyHandlers.ofString()).body()),
					(status) -> !status.path("status").asString().matches("queued|processing"));
		assertThat(done.path("status").asString()).isEqualTo("done");
		URI direct = URI.create(done.path("imageUrl").asString());
		String versioned = direct.getRawPath() + "?" + direct.getRawQuery();

		HttpResponse<byte[]> first = get(versioned, null);
		HttpResponse<byte[]> second = get(versioned, null);
		HttpResponse<byte[]> fromService = http.send(HttpRequest.newBuilder(direct).build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(first.headers().firstValue("Content-Type")).hasValue("image/webp");
		assertThat(first.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
		assertThat(first.body()).isEqualTo(fromService.body());
		assertThat(first.headers().firstValue("X-Cache-Status")).hasValue("MISS");
		assertThat(second.headers().firstValue("X-Cache-Status"))
			.as("the second request of a versioned URL, from the file serving-api wrote")
			.hasValue("FILE");
		assertThat(second.body()).isEqualTo(first.body());
		for (String header : List.of("Content-Type", "Cache-Control", "Last-Modified", "Content-Length",
				"Cross-Origin-Resource-Policy", "Content-Security-Policy", "X-Content-Type-Options")) {
			assertThat(second.headers().allValues(header)).as(header)
				.isEqualTo(fromService.headers().allValues(header))
				.isNotEmpty();
		}
		assertThat(String.join(", ", second.headers().allValues("Vary")))
			.isEqualTo(String.join(", ", fromService.headers().allValues("Vary")));
		assertThat(second.headers().firstValue("ETag")).as("nginx's own ETag would not be serving-api's").isEmpty();

		String etag = first.headers().firstValue("ETag").orElseThrow();
		HttpResponse<byte[]> revalidated = get(versioned, etag);
		assertThat(revalidated.statusCode()).isEqualTo(304);
		assertThat(revalidated.body()).isEmpty();
		assertThat(revalidated.headers().firstValue("ETag")).hasValue(etag);
		HttpResponse<byte[]> byDate = send(
				HttpRequest.newBuilder(front.url(versioned))
					.header("If-Modified-Since", second.headers().firstValue("Last-Modified").orElseThrow()),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(byDate.statusCode()).as("a revalidation by the file's Last-Modified").isEqualTo(304);
	}

	@Test
	void theFileOfAVersionedUrlIsGoneOnceTheImageIsReplacedAndAnOldVNeverComesFromAFile() throws Exception {
		String image = "users/e2e-nginx-files/profile";
		URI firstUrl = uploadAndWait(image, "Portrait_1");
		String first = firstUrl.getRawPath() + "?" + firstUrl.getRawQuery();
		get(first, null);
		assertThat(get(first, null).headers().firstValue("X-Cache-Status")).hasValue("FILE");
		java.nio.file.Path file = io.imagepipe.e2e.ServiceProcesses.imageFiles()
			.resolve("images/" + image + "/" + firstUrl.getRawQuery().substring("v=".length()) + ".webp");
		assertThat(file).exists();

		URI secondUrl = uploadAndWait(image, "Landscape_3");
		await("the old file removed").atMost(Duration.ofSeconds(5)).until(() -> !java.nio.file.Files.exists(file));
		await("the old v no longer sent from a file").atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> get(first, null).headers().firstValue("X-Cache-Status"),
					(status) -> !status.equals(Optional.of("FILE")));
		String second = secondUrl.getRawPath() + "?" + secondUrl.getRawQuery();
		get(second, null);
		HttpResponse<byte[]> fromFile = get(second, null);
		assertThat(fromFile.headers().firstValue("X-Cache-Status")).hasValue("FILE");
		assertThat(fromFile.body()).isEqualTo(
				http.send(HttpRequest.newBuilder(secondUrl).build(), HttpResponse.BodyHandlers.ofByteArray()).body());
	}

	@Test
	void onlyCanonicalUrlsAreStoredByTheFrontAndRandomParametersOrOddWidthsNeverAre() throws Exception {
		URI direct = uploadAndWait("users/e2e-nginx-canonical/profile", "Portrait_1");
		String path = direct.getRawPath();
		String versioned = path + "?" + direct.getRawQuery();
		String v = direct.getRawQuery().substring("v=".length());
		JsonNode rendition = json(
				send(HttpRequest.newBuilder(front.url(path + "/meta")), HttpResponse.BodyHandlers.ofString()).body())
			.path("renditions")
			.get(0);
		URI renditionUrl = URI.create(rendition.path("url").asString());
		String canonicalRendition = renditionUrl.getRawPath() + "?" + renditionUrl.getRawQuery();
		String r = renditionUrl.getRawQuery().replaceAll("^v=([0-9a-f]+)&w=\\d+$", "$1");
		int width = rendition.path("width").asInt();
		List<String> others = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			others.add(versioned + "&x=" + i + "-" + System.nanoTime());
		}
		for (int odd : new int[] { 1, width - 1, width + 1, 100, 1000, 5000, 16384 }) {
			others.add(versioned + "&w=" + odd);
		}
		others.addAll(List.of(path + "?w=" + width + "&v=" + r, canonicalRendition + "&x=1",
				path + "?v=" + r + "&w=0" + width, path + "?v=%" + Integer.toHexString(v.charAt(0)) + v.substring(1),
				versioned + "&v=" + v, path + "?v=0000000000000000", path + "?v=" + v + "&w=" + width));
		if (!v.equals(v.toUpperCase(java.util.Locale.ROOT))) {
			others.add(path + "?v=" + v.toUpperCase(java.util.Locale.ROOT));
		}
		long before = front.cachedImages();

		for (String other : others) {
			for (int round = 1; round <= 2; round++) {
				HttpResponse<byte[]> response = get(other, null);
				assertThat(response.statusCode()).as(other).isEqualTo(200);
				assertThat(response.headers().firstValue("Cache-Control")).as(other).hasValue("no-store");
				assertThat(response.headers().firstValue("X-Cache-Status")).as("%s, round %d", other, round)
					.hasValue("MISS");
			}
		}
		Thread.sleep(500);
		assertThat(front.cachedImages()).as("entries in the front's cache after %d other spellings", others.size())
			.isEqualTo(before);

		for (String canonical : List.of(versioned, canonicalRendition)) {
			assertThat(get(canonical, null).headers().firstValue("X-Cache-Status")).as(canonical).hasValue("MISS");
			HttpResponse<byte[]> again = get(canonical, null);
			assertThat(again.headers().firstValue("X-Cache-Status")).as(canonical).hasValue("FILE");
			assertThat(again.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
		}
		await("the two canonical entries on disk").atMost(Duration.ofSeconds(5))
			.until(front::cachedImages, (entries) -> entries == before + 2);

		HttpResponse<byte[]> junk = get(versioned + "&x=after", null);
		assertThat(junk.headers().firstValue("X-Cache-Status")).as("a parameter the cache key leaves out")
			.hasValue("HIT");
		assertThat(junk.body()).isEqualTo(get(versioned, null).body());
		assertThat(get(versioned + "&w=" + (width + 1), null).headers().firstValue("X-Cache-Status")).hasValue("MISS");
		Thread.sleep(500);
		assertThat(front.cachedImages()).isEqualTo(before + 2);
	}

	@Test
	void thePlainUrlIsKeptByTheFrontWithinOneSecondAndANewImageShowsThereOnceThatSecondIsOver() throws Exception {
		String image = "users/e2e-nginx-plain/profile";
		URI first = uploadAndWait(image, "Portrait_1");
		String plain = first.getRawPath();
		HttpResponse<byte[]> answer = get(plain, null);
		assertThat(answer.statusCode()).isEqualTo(200);
		assertThat(answer.headers().firstValue("Cache-Control")).as("browsers still revalidate every time")
			.hasValue("public, no-cache");
		assertThat(answer.headers().firstValue("X-Cache-Status")).hasValue("MISS");
		String etag = answer.headers().firstValue("ETag").orElseThrow();
		HttpResponse<byte[]> revalidated = get(plain, etag);
		assertThat(revalidated.statusCode()).isEqualTo(304);
		assertThat(revalidated.body()).isEmpty();
		// the front answers from its copy while the second it stored it in lasts
		await("an answer from the front's copy").atMost(Duration.ofSeconds(10))
			.until(() -> get(plain, null).headers().firstValue("X-Cache-Status").orElse(""), "HIT"::equals);

		URI second = uploadAndWait(image, "Landscape_3");
		assertThat(second).isNotEqualTo(first);
		HttpResponse<byte[]> atOrigin = http.send(
				HttpRequest.newBuilder(this.pipeline.servingUrl().resolve(plain)).build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(atOrigin.headers().firstValue("ETag")).as("serving-api shows the new image at once")
			.isNotEqualTo(Optional.of(etag));
		// The bound: whatever the front answers was serving-api's answer at most one
		// second
		// before the request reached the front. Once a second has passed since
		// serving-api
		// showed the new image, the front shows it too, to a plain request and to a
		// revalidation of the old tag.
		Thread.sleep(1100);
		HttpResponse<byte[]> through = get(plain, null);
		assertThat(through.statusCode()).isEqualTo(200);
		assertThat(through.headers().firstValue("ETag")).isEqualTo(atOrigin.headers().firstValue("ETag"));
		assertThat(through.body()).isEqualTo(atOrigin.body());
		assertThat(get(plain, etag).statusCode()).as("a revalidation of the old image's tag").isEqualTo(200);

		HttpResponse<String> meta = send(HttpRequest.newBuilder(front.url(plain + "/meta")),
				HttpResponse.BodyHandlers.ofString());
		assertThat(meta.statusCode()).isEqualTo(200);
		assertThat(json(meta.body()).path("versionedUrl").asString()).isEqualTo(second.toString());
	}

	@Test
	void theFrontKeepsNoAnswerButA200ForThePlainUrl() throws Exception {
		String unknown = "/images/users/e2e-nginx-never-uploaded/profile";
		for (int round = 1; round <= 2; round++) {
			HttpResponse<byte[]> missing = get(unknown, null);
			assertThat(missing.statusCode()).isEqualTo(404);
			assertThat(missing.headers().firstValue("X-Cache-Status")).as("round %d", round).hasValue("MISS");
		}
	}

	@Test
	void anUploadUnderTheLimitIsHeldInMemoryByTheFrontNeverInATemporaryFile() throws Exception {
		byte[] body = new byte[15 * 1024 * 1024];
		body[0] = (byte) 0xFF;
		String warning = "a client request body is buffered to a temporary file";
		try (FakeUpstream ingest = new FakeUpstream("ingest");
				FakeUpstream serving = new FakeUpstream("serving");
				NginxFront shipped = NginxFront.start(ingest.address(), serving.address(), ingest.address(),
						NginxFrontTests::warnings);
				NginxFront spooling = NginxFront.start(ingest.address(), serving.address(), ingest.address(),
						(conf) -> warnings(conf).replace("location /api/ {",
								"location /api/ {\n            client_body_buffer_size 16k;"))) {
			for (NginxFront each : List.of(shipped, spooling)) {
				HttpResponse<String> response = send(
						HttpRequest.newBuilder(each.url("/api/v1/images/users/e2e-in-memory/profile"))
							.header("Content-Type", "image/jpeg")
							.POST(HttpRequest.BodyPublishers.ofByteArray(body)),
						HttpResponse.BodyHandlers.ofString());
				assertThat(response.headers().firstValue("X-Upstream")).hasValue("ingest");
			}
			assertThat(shipped.log()).as("the shipped front's warnings").doesNotContain(warning);
			assertThat(spooling.log()).as("the same front with nginx's default body buffer").contains(warning);
		}
	}

	/**
	 * The shipped configuration with nginx's warnings in its log.
	 */
	private static String warnings(String conf) {
		return "error_log stderr warn;\n" + conf;
	}

	@Test
	void anUploadLargerThanTheFrontAcceptsIsRefusedThereAsAProblem() throws Exception {
		String image = "users/e2e-big/profile";
		HttpResponse<String> response = send(HttpRequest.newBuilder(front.url("/api/v1/images/" + image))
			.header("Authorization", OwnerTokens.bearer(image))
			.header("Content-Type", "image/jpeg")
			.POST(HttpRequest.BodyPublishers.ofByteArray(tooLarge())), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = json(response.body());
		assertThat(problem.path("type").asString()).isEqualTo("urn:imagepipe:problem:upload-too-large");
		assertThat(problem.path("title").asString()).as("the title of nginx's own answer, not ingest-api's")
			.isEqualTo("Payload Too Large");
	}

	@Test
	void theFrontPassesTheBearerTokenAndTheClientAddressOnAndRefusesATooLargeBodyItself() throws Exception {
		try (FakeUpstream ingest = new FakeUpstream("ingest");
				FakeUpstream serving = new FakeUpstream("serving");
				FakeUpstream ops = new FakeUpstream("ops");
				NginxFront routes = NginxFront.start(ingest.address(), serving.address(), ops.address())) {
			String bearer = OwnerTokens.bearer("users/e2e-forwarded/profile");
			HttpResponse<String> direct = send(
					HttpRequest.newBuilder(routes.url("/api/v1/images/users/e2e-forwarded/profile"))
						.header("Authorization", bearer)
						.header("Content-Type", "image/jpeg")
						.POST(HttpRequest.BodyPublishers.ofByteArray(Photos.read("Landscape_3"))),
					HttpResponse.BodyHandlers.ofString());
			assertThat(direct.headers().firstValue("X-Upstream")).hasValue("ingest");
			assertThat(direct.headers().firstValue("X-Upstream-Authorization")).as("the token ingest-api gets")
				.hasValue(bearer);
			assertThat(direct.headers().firstValue("X-Upstream-Forwarded-For"))
				.as("the client address ingest-api limits uploads by")
				.hasValue("127.0.0.1");

			HttpResponse<String> proxied = send(
					HttpRequest.newBuilder(routes.url("/api/v1/images/users/e2e-forwarded/profile"))
						.header("Authorization", bearer)
						.header("X-Forwarded-For", "203.0.113.7")
						.POST(HttpRequest.BodyPublishers.ofString("x")),
					HttpResponse.BodyHandlers.ofString());
			assertThat(proxied.headers().firstValue("X-Upstream-Forwarded-For"))
				.as("a proxy's address list, with the front's client appended")
				.hasValue("203.0.113.7, 127.0.0.1");

			HttpResponse<String> tooLarge = send(
					HttpRequest.newBuilder(routes.url("/api/v1/images/users/e2e-forwarded/profile"))
						.header("Authorization", bearer)
						.POST(HttpRequest.BodyPublishers.ofByteArray(tooLarge())),
					HttpResponse.BodyHandlers.ofString());
			assertThat(tooLarge.statusCode()).isEqualTo(413);
			assertThat(tooLarge.headers().firstValue("X-Upstream")).as("an answer from behind the front").isEmpty();
		}
	}

	@Test
	void anUnknownPathIsAProblemAndTheServicesManagementEndpointsAreNotExposed() throws Exception {
		for (String path : new String[] { "/actuator/health", "/wp-login.php" }) {
			HttpResponse<String> response = send(HttpRequest.newBuilder(front.url(path)),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(path).isEqualTo(404);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		}
		HttpResponse<String> health = send(HttpRequest.newBuilder(front.url("/health")),
				HttpResponse.BodyHandlers.ofString());
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(json(health.body()).path("status").asString()).isEqualTo("UP");
	}

	@Test
	void eventsAreStreamedAsTheyHappenAndOpsGoesToTheDashboard() throws Exception {
		try (FakeUpstream ingest = new FakeUpstream("ingest");
				FakeUpstream serving = new FakeUpstream("serving");
				FakeUpstream ops = new FakeUpstream("ops");
				NginxFront routes = NginxFront.start(ingest.address(), serving.address(), ops.address())) {
			HttpRequest events = HttpRequest.newBuilder(routes.url("/api/v1/uploads/57d5/events"))
				.header("Accept", "text/event-stream")
				.build();
			long sent = System.nanoTime();
			HttpResponse<InputStream> stream = http.send(events, HttpResponse.BodyHandlers.ofInputStream());
			try (BufferedReader lines = new BufferedReader(
					new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
				assertThat(lines.readLine()).isEqualTo("event: status");
				long firstEventMillis = (System.nanoTime() - sent) / 1_000_000;
				assertThat(firstEventMillis).as("milliseconds until the first event came through nginx")
					.isLessThan(FakeUpstream.EVENT_GAP_MILLIS / 2);
			}
			assertThat(stream.headers().firstValue("X-Upstream")).hasValue("ingest");

			Map<String, String> upstreamOf = Map.of("/ops", "ops", "/ops/jobs?status=failed", "ops",
					"/api/v1/ops/overview", "ops", "/api/v1/uploads/57d5", "ingest", "/images/users/1/profile?v=abc",
					"serving", "/images/users/1/profile", "serving", "/images/users/1/profile/meta", "serving");
			for (Map.Entry<String, String> route : upstreamOf.entrySet()) {
				HttpResponse<String> response = send(HttpRequest.newBuilder(routes.url(route.getKey())),
						HttpResponse.BodyHandlers.ofString());
				assertThat(response.headers().firstValue("X-Upstream")).as(route.getKey()).hasValue(route.getValue());
				assertThat(response.headers().firstValue("X-Upstream-Path")).as(route.getKey())
					.hasValue(route.getKey());
			}
		}
	}

	private URI uploadAndWait(String image, String photo) throws Exception {
		HttpResponse<String> accepted = send(
				uploadRequest(image, photo).header("Authorization", OwnerTokens.bearer(image)),
				HttpResponse.BodyHandlers.ofString());
		assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
		String statusPath = json(accepted.body()).path("statusUrl").asString();
		JsonNode done = await("the upload to finish").atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> json(
					send(HttpRequest.newBuilder(front.url(statusPath)), HttpResponse.BodyHandlers.ofString()).body()),
					(status) -> "done".equals(status.path("status").asString()));
		return URI.create(done.path("imageUrl").asString());
	}

	/**
	 * A raw-body upload of a corpus photo through the front, without a token.
	 */
	private static HttpRequest.Builder uploadRequest(String image, String photo) {
		return HttpRequest.newBuilder(front.url("/api/v1/images/" + image))
			.header("Content-Type", "image/jpeg")
			.POST(HttpRequest.BodyPublishers.ofByteArray(Photos.read(photo)));
	}

	/**
	 * A body over the front's 21 MB limit.
	 */
	private static byte[] tooLarge() {
		byte[] body = new byte[22 * 1024 * 1024];
		body[0] = (byte) 0xFF;
		return body;
	}

	private static HttpResponse<byte[]> get(String pathAndQuery, String ifNoneMatch) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(front.url(pathAndQuery));
		if (ifNoneMatch != null) {
			request.header("If-None-Match", ifNoneMatch);
		}
		return send(request, HttpResponse.BodyHandlers.ofByteArray());
	}

	private static <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body)
			throws IOException, InterruptedException {
		return http.send(request.timeout(Duration.ofSeconds(30)).build(), body);
	}

	private static JsonNode json(String body) {
		return JsonMapper.shared().readTree(body);
	}

}
