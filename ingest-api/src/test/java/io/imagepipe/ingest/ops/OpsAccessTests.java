package io.imagepipe.ingest.ops;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.imagepipe.testsupport.TestInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Who may use the ops dashboard, and that adding it left the public API as open as it
 * was.
 */
@OpsIntegrationTest
class OpsAccessTests {

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		TestInfrastructure.get().register(registry);
	}

	@LocalServerPort
	int port;

	OpsClient ops;

	@BeforeEach
	void setUp() {
		this.ops = new OpsClient(this.port);
	}

	@Test
	void theDashboardAndItsApiNeedTheOpsUser() throws Exception {
		for (String path : List.of("/ops", "/ops/ops.js", "/api/v1/ops/failed", "/api/v1/ops/overview")) {
			HttpResponse<String> anonymous = OpsClient.send(HttpRequest.newBuilder(this.ops.url(path)).GET());
			assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
			assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
				.hasValueSatisfying((value) -> assertThat(value).startsWith("Basic realm=\"imagepipe ops\""));
			assertProblem(anonymous, 401, "unauthorized");
			HttpResponse<String> wrong = OpsClient.send(HttpRequest.newBuilder(this.ops.url(path))
				.header("Authorization", OpsClient.basic(OpsClient.USER, "wrong"))
				.GET());
			assertThat(wrong.statusCode()).as(path).isEqualTo(401);
		}
		HttpResponse<String> page = this.ops.get("/ops");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("<title>imagepipe ops</title>", "/ops/ops.js");
		assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
				(csp) -> assertThat(csp).contains("default-src 'none'", "script-src 'self'", "frame-ancestors 'none'"));
	}

	@Test
	void actionsNeedTheCsrfTokenOfThePage() throws Exception {
		String body = OpsClient.json.writeValueAsString(Map.of("uploadIds", List.of(UUID.randomUUID())));
		HttpResponse<String> withoutToken = OpsClient.send(HttpRequest.newBuilder(this.ops.url("/api/v1/ops/retries"))
			.header("Authorization", OpsClient.basic(OpsClient.USER, OpsClient.PASSWORD))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
		assertProblem(withoutToken, 403, "forbidden");
		HttpResponse<String> forgedToken = OpsClient.send(HttpRequest.newBuilder(this.ops.url("/api/v1/ops/retries"))
			.header("Authorization", OpsClient.basic(OpsClient.USER, OpsClient.PASSWORD))
			.header("Content-Type", "application/json")
			.header("X-XSRF-TOKEN", "forged")
			.header("Cookie", "XSRF-TOKEN=" + this.ops.csrfToken())
			.POST(HttpRequest.BodyPublishers.ofString(body)));
		assertProblem(forgedToken, 403, "forbidden");
		HttpResponse<String> withToken = this.ops.post("/api/v1/ops/retries",
				Map.of("uploadIds", List.of(UUID.randomUUID())));
		assertThat(withToken.statusCode()).isEqualTo(200);
		assertThat(OpsClient.json.readTree(withToken.body()).get("affected").asInt()).isZero();
	}

	@Test
	void thePublicApiStaysOpenWithoutCsrfAndMetricsAreExposed() throws Exception {
		byte[] png = FailedUploadRows.png(32, 32);
		HttpResponse<String> upload = OpsClient.send(HttpRequest
			.newBuilder(this.ops.url("/api/v1/images/users/" + FailedUploadRows.uniqueOwner("open") + "/profile"))
			.header("Content-Type", "image/png")
			.header("Cookie", "XSRF-TOKEN=unrelated")
			.POST(HttpRequest.BodyPublishers.ofByteArray(png)));
		assertThat(upload.statusCode()).as(upload.body()).isEqualTo(202);
		JsonNode accepted = OpsClient.json.readTree(upload.body());
		HttpResponse<String> status = OpsClient
			.send(HttpRequest.newBuilder(this.ops.url(accepted.get("statusUrl").asString())).GET());
		assertThat(status.statusCode()).isEqualTo(200);
		assertThat(status.headers().firstValue("Set-Cookie")).isEmpty();
		for (String path : List.of("/api/v1/openapi.json", "/actuator/prometheus")) {
			assertThat(OpsClient.send(HttpRequest.newBuilder(this.ops.url(path)).GET()).statusCode()).as(path)
				.isEqualTo(200);
		}
		// open, whatever the broker and the database are doing right now (503 when one is
		// down)
		HttpResponse<String> health = OpsClient.send(HttpRequest.newBuilder(this.ops.url("/actuator/health")).GET());
		assertThat(health.statusCode()).isIn(200, 503);
		assertThat(OpsClient.json.readTree(health.body()).has("status")).isTrue();
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			String metrics = OpsClient.send(HttpRequest.newBuilder(this.ops.url("/actuator/prometheus")).GET()).body();
			assertThat(metrics).contains("imagepipe_uploads_size_bytes_count{media_type=\"image/png\"")
				.contains("imagepipe_queue_messages{queue=\"work\"}")
				.contains("imagepipe_queue_consumers{queue=\"parked\"}")
				.contains("imagepipe_ops_uploads_total{action=\"retry\"}");
		});
	}

	private static void assertProblem(HttpResponse<String> response, int status, String type) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((value) -> assertThat(value).startsWith("application/problem+json"));
		JsonNode problem = OpsClient.json.readTree(response.body());
		assertThat(problem.get("type").asString()).isEqualTo("urn:imagepipe:problem:" + type);
		assertThat(problem.get("status").asInt()).isEqualTo(status);
	}

}
