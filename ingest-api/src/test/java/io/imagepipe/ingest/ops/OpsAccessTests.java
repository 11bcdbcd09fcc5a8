package io.imagepipe.ingest.ops;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.imagepipe.testsupport.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Who may use the ops dashboard and its API (the ops user with a password, or a bearer
 * token with the ops role), and that adding it left the upload API free of CSRF tokens
 * and cookies.
 */
@OpsIntegrationTest
class OpsAccessTests {

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Autowired
	JdbcClient jdbc;

	OpsClient ops;

	@BeforeEach
	void setUp() {
		this.ops = new OpsClient(this.port);
	}

	@Test
	void theCsrfCookieStaysTheSameWhileTheDashboardPolls() throws Exception {
		HttpResponse<String> first = OpsClient.send(HttpRequest.newBuilder(this.ops.url("/api/v1/ops/overview"))
			.header("Authorization", OpsClient.basic(OpsClient.USER, OpsClient.PASSWORD))
			.GET());
		String cookie = first.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((value) -> value.startsWith("XSRF-TOKEN="))
			.findFirst()
			.orElseThrow();
		String token = cookie.substring("XSRF-TOKEN=".length(), cookie.indexOf(';'));
		HttpResponse<String> poll = OpsClient.send(HttpRequest.newBuilder(this.ops.url("/api/v1/ops/overview"))
			.header("Authorization", OpsClient.basic(OpsClient.USER, OpsClient.PASSWORD))
			.header("Cookie", "XSRF-TOKEN=" + token)
			.GET());
		assertThat(poll.statusCode()).isEqualTo(200);
		assertThat(poll.headers().allValues("Set-Cookie")).as("the token is not replaced by a poll")
			.noneMatch((value) -> value.startsWith("XSRF-TOKEN="));
		// the token read before the poll still signs an action after it: past the CSRF
		// check, an empty selection is refused as invalid
		HttpResponse<String> action = OpsClient.send(HttpRequest.newBuilder(this.ops.url("/api/v1/ops/retries"))
			.header("Authorization", OpsClient.basic(OpsClient.USER, OpsClient.PASSWORD))
			.header("Cookie", "XSRF-TOKEN=" + token)
			.header("X-XSRF-TOKEN", token)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"uploadIds\":[]}")));
		assertThat(action.statusCode()).as(action.body()).isEqualTo(400);
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
	void theOpsApiTakesABearerTokenWithTheOpsRoleAndNoOtherToken() throws Exception {
		HttpResponse<String> ops = bearerGet("/api/v1/ops/overview", TestTokens.ops());
		assertThat(ops.statusCode()).as(ops.body()).isEqualTo(200);
		assertThat(OpsClient.json.readTree(ops.body()).has("statuses")).isTrue();
		assertThat(ops.headers().allValues("Set-Cookie")).as("a bearer caller needs no session")
			.noneMatch((cookie) -> cookie.startsWith("JSESSIONID="));
		for (String token : List.of(TestTokens.user("42"), TestTokens.service(), TestTokens.orgAdmin("5", "7"))) {
			HttpResponse<String> other = bearerGet("/api/v1/ops/overview", token);
			assertProblem(other, 403, "forbidden");
			assertThat(other.body()).doesNotContain("\"statuses\"");
		}
		HttpResponse<String> none = OpsClient.send(HttpRequest.newBuilder(this.ops.url("/api/v1/ops/overview")).GET());
		assertProblem(none, 401, "unauthorized");
		HttpResponse<String> expired = bearerGet("/api/v1/ops/overview", TestTokens.sign(
				TestTokens.claims("test-ops", List.of("ops"), List.of(), Duration.ofMinutes(-10)), TestTokens.SECRET));
		assertProblem(expired, 401, "invalid-token");
		assertThat(expired.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((value) -> assertThat(value).startsWith("Bearer ").contains("invalid_token"));
		assertProblem(bearerGet("/api/v1/ops/overview", TestTokens.forged()), 401, "invalid-token");
	}

	@Test
	void aBearerTokenWithTheOpsRoleActsWithoutACsrfTokenButAPasswordStillNeedsOne() throws Exception {
		UUID failed = new FailedUploadRows(this.jdbc).insertUser(FailedUploadRows.uniqueOwner("bearer"), "transient",
				"Temporary failure");
		String body = OpsClient.json.writeValueAsString(Map.of("uploadIds", List.of(failed)));
		HttpResponse<String> withPassword = OpsClient.send(HttpRequest.newBuilder(this.ops.url("/api/v1/ops/retries"))
			.header("Authorization", OpsClient.basic(OpsClient.USER, OpsClient.PASSWORD))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
		assertProblem(withPassword, 403, "forbidden");
		HttpResponse<String> asUser = bearerPost("/api/v1/ops/retries", TestTokens.user("42"), body);
		assertProblem(asUser, 403, "forbidden");
		assertThat(new FailedUploadRows(this.jdbc).status(failed)).isEqualTo("failed");

		HttpResponse<String> withToken = bearerPost("/api/v1/ops/retries", TestTokens.ops(), body);
		assertThat(withToken.statusCode()).as(withToken.body()).isEqualTo(200);
		JsonNode result = OpsClient.json.readTree(withToken.body());
		assertThat(result.get("affected").asInt()).isEqualTo(1);
		assertThat(new FailedUploadRows(this.jdbc).status(failed)).isEqualTo("queued");
		JsonNode audit = this.ops.getJson("/api/v1/ops/audit?limit=20");
		JsonNode entry = null;
		for (JsonNode candidate : audit) {
			if (candidate.get("id").asLong() == result.get("auditId").asLong()) {
				entry = candidate;
			}
		}
		assertThat(entry).as("the audit entry of the bearer retry").isNotNull();
		assertThat(entry.get("actor").asString()).as("the token's subject").isEqualTo("test-ops");
	}

	@Test
	void theUploadApiNeedsABearerTokenButNoCsrfTokenOrCookieAndMetricsAreExposed() throws Exception {
		byte[] png = FailedUploadRows.png(32, 32);
		String owner = FailedUploadRows.uniqueOwner("open");
		HttpResponse<String> upload = OpsClient
			.send(HttpRequest.newBuilder(this.ops.url("/api/v1/images/users/" + owner + "/profile"))
				.header("Authorization", TestTokens.bearer(TestTokens.user(owner)))
				.header("Content-Type", "image/png")
				.header("Cookie", "XSRF-TOKEN=unrelated")
				.POST(HttpRequest.BodyPublishers.ofByteArray(png)));
		assertThat(upload.statusCode()).as(upload.body()).isEqualTo(202);
		assertThat(upload.headers().firstValue("Set-Cookie")).isEmpty();
		JsonNode accepted = OpsClient.json.readTree(upload.body());
		HttpResponse<String> status = OpsClient
			.send(HttpRequest.newBuilder(this.ops.url(accepted.get("statusUrl").asString())).GET());
		assertThat(status.statusCode()).isEqualTo(200);
		assertThat(status.headers().firstValue("Set-Cookie")).isEmpty();
		assertThat(OpsClient.send(HttpRequest.newBuilder(this.ops.url("/api/v1/openapi.json")).GET()).statusCode())
			.isEqualTo(200);
		// Actuator answers on the management port only, never on the public one
		OpsClient management = new OpsClient(this.managementPort);
		assertThat(this.managementPort).isNotEqualTo(this.port);
		for (String path : List.of("/actuator/health", "/actuator/prometheus")) {
			assertThat(OpsClient.send(HttpRequest.newBuilder(this.ops.url(path)).GET()).statusCode()).as(path)
				.isIn(401, 404);
			assertThat(OpsClient.send(HttpRequest.newBuilder(management.url(path)).GET()).statusCode()).as(path)
				.isIn(200, 503);
		}
		// the API document declares the bearer token on the upload and ops operations
		JsonNode openApi = OpsClient.json
			.readTree(OpsClient.send(HttpRequest.newBuilder(this.ops.url("/api/v1/openapi.json")).GET()).body());
		assertThat(openApi.at("/components/securitySchemes/bearer/scheme").asString()).isEqualTo("bearer");
		assertThat(openApi.at("/paths/~1api~1v1~1images~1{ownerType}~1{ownerId}~1{slot}/post/security/0").has("bearer"))
			.isTrue();
		assertThat(openApi.at("/paths/~1api~1v1~1ops~1overview/get/security/0").has("bearer")).isTrue();
		assertThat(openApi.at("/paths/~1api~1v1~1uploads~1{id}/get/security").isMissingNode()).isTrue();
		// the events stream is declared as what it is, and every ops action says what it
		// does
		assertThat(openApi.at("/paths/~1api~1v1~1uploads~1{id}~1events/get/responses/200/content")
			.has("text/event-stream")).isTrue();
		String reprocess = openApi.at("/paths/~1api~1v1~1ops~1reprocessing/post/summary").asString();
		String discard = openApi.at("/paths/~1api~1v1~1ops~1discards/post/summary").asString();
		assertThat(reprocess).startsWith("Start reprocessing every served image");
		assertThat(discard).startsWith("Discard failed uploads");
		// open, whatever the broker and the database are doing right now (503 when one is
		// down)
		HttpResponse<String> health = OpsClient.send(HttpRequest.newBuilder(management.url("/actuator/health")).GET());
		assertThat(health.statusCode()).isIn(200, 503);
		assertThat(OpsClient.json.readTree(health.body()).has("status")).isTrue();
		// resilience4j's Spring Boot integration: the database breaker in health, the
		// breaker and the upload bulkhead in the metrics
		assertThat(OpsClient.json.readTree(health.body()).at("/components/circuitBreakers/status").asString())
			.isNotEmpty();
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			String metrics = OpsClient.send(HttpRequest.newBuilder(management.url("/actuator/prometheus")).GET())
				.body();
			assertThat(metrics).contains("imagepipe_uploads_size_bytes_count{media_type=\"image/png\"")
				.contains("imagepipe_queue_messages{queue=\"work\"}")
				.contains("imagepipe_queue_consumers{queue=\"parked\"}")
				.contains("imagepipe_ops_uploads_total{action=\"retry\"}")
				.contains("resilience4j_circuitbreaker_state{name=\"database\"")
				.contains("resilience4j_bulkhead_max_allowed_concurrent_calls{name=\"uploads\"} 8.0");
		});
	}

	private HttpResponse<String> bearerGet(String path, String token) throws Exception {
		return OpsClient
			.send(HttpRequest.newBuilder(this.ops.url(path)).header("Authorization", TestTokens.bearer(token)).GET());
	}

	private HttpResponse<String> bearerPost(String path, String token, String body) throws Exception {
		return OpsClient.send(HttpRequest.newBuilder(this.ops.url(path))
			.header("Authorization", TestTokens.bearer(token))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
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
