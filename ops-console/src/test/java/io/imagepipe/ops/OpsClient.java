package io.imagepipe.ops;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls ops-console as the ops user, with the CSRF token the way the page sends it: read
 * from the {@code XSRF-TOKEN} cookie, sent back as that cookie and the
 * {@code X-XSRF-TOKEN} header.
 */
final class OpsClient {

	static final String USER = "ops";

	static final String PASSWORD = "ops-test-secret";

	static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newHttpClient();

	private final int port;

	OpsClient(int port) {
		this.port = port;
	}

	URI url(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	HttpResponse<String> get(String path) throws Exception {
		return send(HttpRequest.newBuilder(url(path)).header("Authorization", basic(USER, PASSWORD)).GET());
	}

	JsonNode getJson(String path) throws Exception {
		HttpResponse<String> response = get(path);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json.readTree(response.body());
	}

	HttpResponse<byte[]> getBytes(String path) throws Exception {
		return http.send(HttpRequest.newBuilder(url(path)).header("Authorization", basic(USER, PASSWORD)).GET().build(),
				HttpResponse.BodyHandlers.ofByteArray());
	}

	/**
	 * POST as the page does, with a fresh CSRF token.
	 */
	HttpResponse<String> post(String path, Object body) throws Exception {
		String token = csrfToken();
		return send(HttpRequest.newBuilder(url(path))
			.header("Authorization", basic(USER, PASSWORD))
			.header("Content-Type", "application/json")
			.header("Cookie", "XSRF-TOKEN=" + token)
			.header("X-XSRF-TOKEN", token)
			.POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))));
	}

	JsonNode postJson(String path, Object body) throws Exception {
		HttpResponse<String> response = post(path, body);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json.readTree(response.body());
	}

	/**
	 * Start a bulk action: 202 with its running audit entry and its URL in
	 * {@code Location}.
	 * @return the entry
	 */
	JsonNode startBulk(String path, Object body) throws Exception {
		HttpResponse<String> response = post(path, body);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		JsonNode entry = json.readTree(response.body());
		assertThat(response.headers().firstValue("Location"))
			.hasValue("/api/v1/ops/actions/" + entry.get("id").asLong());
		assertThat(entry.get("state").asString()).isEqualTo("running");
		return entry;
	}

	/**
	 * Wait until a bulk action is no longer running.
	 * @return its audit entry then
	 */
	JsonNode awaitFinished(long actionId) {
		return org.awaitility.Awaitility.await("action " + actionId + " to finish")
			.atMost(java.time.Duration.ofSeconds(30))
			.pollInterval(java.time.Duration.ofMillis(50))
			.until(() -> getJson("/api/v1/ops/actions/" + actionId),
					(entry) -> !"running".equals(entry.get("state").asString()));
	}

	/**
	 * Start a bulk action and wait until it has finished.
	 * @return its audit entry then
	 */
	JsonNode runBulk(String path, Object body) throws Exception {
		return awaitFinished(startBulk(path, body).get("id").asLong());
	}

	String csrfToken() throws Exception {
		HttpResponse<String> page = get("/api/v1/ops/audit?limit=1");
		return page.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((cookie) -> cookie.startsWith("XSRF-TOKEN="))
			.map((cookie) -> cookie.substring("XSRF-TOKEN=".length(), cookie.indexOf(';')))
			.findFirst()
			.orElseThrow();
	}

	static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
