package io.imagepipe.ingest.upload;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.imagepipe.ingest.web.TestUploads;
import io.imagepipe.testsupport.ImagepipeTest;
import io.imagepipe.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What ingest-api answers besides an upload's own result: no CSRF token or cookie on the
 * upload API, its API document with the bearer token, Actuator on the management port
 * only with the upload metrics, and no ops console (ops-console serves it).
 */
@ImagepipeTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UploadApiSurfaceTests {

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Test
	void theUploadApiNeedsABearerTokenButNoCsrfTokenOrCookieAndMetricsAreExposed() throws Exception {
		String owner = "surface-" + UUID.randomUUID();
		HttpResponse<String> upload = TestUploads.post(base(this.port), "users/" + owner + "/profile",
				TestTokens.bearer(TestTokens.user(owner)), "Cookie", "XSRF-TOKEN=unrelated");
		assertThat(upload.statusCode()).as(upload.body()).isEqualTo(202);
		assertThat(upload.headers().firstValue("Set-Cookie")).isEmpty();
		JsonNode accepted = json.readTree(upload.body());
		HttpResponse<String> status = get(base(this.port).resolve(accepted.get("statusUrl").asString()));
		assertThat(status.statusCode()).isEqualTo(200);
		assertThat(status.headers().firstValue("Set-Cookie")).isEmpty();
		// Actuator answers on the management port only, never on the public one
		assertThat(this.managementPort).isNotEqualTo(this.port);
		for (String path : List.of("/actuator/health", "/actuator/prometheus")) {
			assertThat(get(base(this.port).resolve(path)).statusCode()).as(path).isIn(401, 404);
			assertThat(get(base(this.managementPort).resolve(path)).statusCode()).as(path).isIn(200, 503);
		}
		// the API document declares the bearer token on the upload operations
		HttpResponse<String> document = get(base(this.port).resolve("/api/v1/openapi.json"));
		assertThat(document.statusCode()).isEqualTo(200);
		JsonNode openApi = json.readTree(document.body());
		assertThat(openApi.at("/components/securitySchemes/bearer/scheme").asString()).isEqualTo("bearer");
		assertThat(openApi.at("/paths/~1api~1v1~1images~1{ownerType}~1{ownerId}~1{slot}/post/security/0").has("bearer"))
			.isTrue();
		assertThat(openApi.at("/paths/~1api~1v1~1uploads~1{id}/get/security").isMissingNode()).isTrue();
		assertThat(openApi.at("/paths/~1api~1v1~1ops~1overview").isMissingNode()).as("the ops API is ops-console's")
			.isTrue();
		// the events stream is declared as what it is
		assertThat(openApi.at("/paths/~1api~1v1~1uploads~1{id}~1events/get/responses/200/content")
			.has("text/event-stream")).isTrue();
		// no ops console here, whoever asks
		for (String path : List.of("/ops", "/ops/ops.js", "/api/v1/ops/overview")) {
			HttpResponse<String> ops = http.send(HttpRequest.newBuilder(base(this.port).resolve(path))
				.header("Authorization", TestTokens.bearer(TestTokens.ops()))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(ops.statusCode()).as(path).isEqualTo(404);
		}
		// resilience4j's Spring Boot integration: the database breaker in health, the
		// breaker and the upload bulkhead in the metrics
		HttpResponse<String> health = get(base(this.managementPort).resolve("/actuator/health"));
		assertThat(json.readTree(health.body()).at("/components/circuitBreakers/status").asString()).isNotEmpty();
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			String metrics = get(base(this.managementPort).resolve("/actuator/prometheus")).body();
			assertThat(metrics).contains("imagepipe_uploads_size_bytes_count{media_type=\"image/png\"")
				.contains("resilience4j_circuitbreaker_state{name=\"database\"")
				.contains("resilience4j_bulkhead_max_allowed_concurrent_calls{name=\"uploads\"} 8.0");
		});
	}

	private static URI base(int port) {
		return URI.create("http://localhost:" + port);
	}

	private static HttpResponse<String> get(URI uri) throws Exception {
		return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
	}

}
