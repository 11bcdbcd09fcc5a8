package io.imagepipe.ingest.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import io.imagepipe.testsupport.ImagepipeTest;
import io.imagepipe.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What pages read and load from ingest-api besides the upload API, over real HTTP against
 * real PostgreSQL: the current image of a slot, CORS for the configured origins, and the
 * upload component and demo pages.
 */
@ImagepipeTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "imagepipe.web.cors-origins=https://app.example.com, https://*.example.org")
class CurrentImageTests {

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Test
	void theCurrentImageHasItsVersionedUrlSizePlaceholderAndRenditions() throws Exception {
		UUID upload = TestUploads.upload(base(), "users/current-1/profile");
		new WorkerWrites(this.jdbc).done(upload, WorkerWrites.sha256('a'), 1024, 768, "#336699", 256, 64, 128);
		HttpResponse<String> response = get("/api/v1/images/users/current-1/profile/current");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-cache");
		JsonNode image = json.readTree(response.body());
		String versioned = "http://localhost:8082/images/users/current-1/profile?v=aaaaaaaaaaaaaaaa";
		assertThat(image.path("imageUrl").asString()).isEqualTo(versioned);
		assertThat(image.path("url").asString()).isEqualTo("http://localhost:8082/images/users/current-1/profile");
		assertThat(image.path("version").asString()).isEqualTo("aaaaaaaaaaaaaaaa");
		assertThat(image.path("width").asInt()).isEqualTo(1024);
		assertThat(image.path("height").asInt()).isEqualTo(768);
		assertThat(image.path("placeholderColor").asString()).isEqualTo("#336699");
		assertThat(image.has("uploadId")).isFalse();
		assertThat(image.path("renditions").valueStream().map((r) -> r.path("url").asString()))
			.as("each rendition versioned by its own hash")
			.containsExactly(rendition("6464646464646464", 64), rendition("1281281281281281", 128),
					rendition("2562562562562562", 256));
		assertThat(image.path("renditions").get(0).path("height").asInt()).isEqualTo(48);
	}

	private static String rendition(String version, int width) {
		return "http://localhost:8082/images/users/current-1/profile?v=" + version + "&w=" + width;
	}

	@Test
	void aSlotWithoutAnImageAnUnknownSlotAndABadOwnerIdAreProblems() throws Exception {
		assertProblem(get("/api/v1/images/users/nobody-yet/profile/current"), 404, "image-not-found");
		assertProblem(get("/api/v1/images/users/42/banner/current"), 404, "unknown-slot");
		assertProblem(get("/api/v1/images/users/-42/profile/current"), 400, "invalid-owner-id");
	}

	@Test
	void pagesOnTheConfiguredOriginsMayCallTheApiAndOthersMayNot() throws Exception {
		HttpResponse<String> allowed = http.send(HttpRequest.newBuilder(url("/api/v1/images/users/7/profile"))
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.header("Origin", "https://app.example.com")
			.header("Access-Control-Request-Method", "POST")
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(allowed.statusCode()).isEqualTo(200);
		assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
		HttpResponse<String> pattern = http.send(HttpRequest.newBuilder(url("/api/v1/uploads/" + UUID.randomUUID()))
			.header("Origin", "https://shop.example.org")
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(pattern.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://shop.example.org");
		assertThat(pattern.headers().firstValue("Access-Control-Expose-Headers").orElse("")).contains("Location");
		HttpResponse<String> refused = http.send(HttpRequest.newBuilder(url("/api/v1/images/users/7/profile"))
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.header("Origin", "https://evil.example.net")
			.header("Access-Control-Request-Method", "POST")
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
	}

	@Test
	void aPageOnAnAllowedOriginMayUploadWithItsBearerTokenButSendsNoCookies() throws Exception {
		HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(url("/api/v1/images/users/cors-7/profile"))
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.header("Origin", "https://app.example.com")
			.header("Access-Control-Request-Method", "POST")
			.header("Access-Control-Request-Headers", "authorization,content-type")
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(preflight.statusCode()).as("answered before authentication").isEqualTo(200);
		assertThat(preflight.headers()
			.firstValue("Access-Control-Allow-Headers")
			.orElse("")
			.toLowerCase(java.util.Locale.ROOT)).contains("authorization");
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
		HttpResponse<String> upload = TestUploads.post(URI.create("http://localhost:" + this.port),
				"users/cors-7/profile", TestTokens.bearer(TestTokens.user("cors-7")), "Origin",
				"https://app.example.com");
		assertThat(upload.statusCode()).as(upload.body()).isEqualTo(202);
		assertThat(upload.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
		assertThat(upload.headers().firstValue("Access-Control-Expose-Headers").orElse("")).contains("Retry-After");
	}

	@Test
	void theUploadComponentIsServedButTheDemoPagesOnlyUnderTheLocalProfile() throws Exception {
		HttpResponse<String> component = get("/imagepipe-upload.js");
		assertThat(component.statusCode()).isEqualTo(200);
		assertThat(component.headers().firstValue("Content-Type").orElse("")).contains("javascript");
		assertThat(component.body()).contains("customElements.define('imagepipe-upload'");
		for (String page : new String[] { "/demo/profile.html", "/demo/organizations.html", "/demo/demo.js" }) {
			HttpResponse<String> html = get(page);
			assertThat(html.statusCode()).as(page).isEqualTo(404);
			assertThat(html.body()).as(page).doesNotContain("<imagepipe-upload");
		}
	}

	private static void assertProblem(HttpResponse<String> response, int status, String type) throws Exception {
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = json.readTree(response.body());
		assertThat(problem.path("type").asString()).isEqualTo("urn:imagepipe:problem:" + type);
		assertThat(problem.path("detail").asString()).isNotBlank();
	}

	private HttpResponse<String> get(String path) throws Exception {
		return http.send(HttpRequest.newBuilder(url(path)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI url(String path) {
		return base().resolve(path);
	}

	private URI base() {
		return URI.create("http://localhost:" + this.port);
	}

}
