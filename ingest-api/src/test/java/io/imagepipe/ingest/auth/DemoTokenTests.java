package io.imagepipe.ingest.auth;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import io.imagepipe.ingest.web.Problems;
import io.imagepipe.ingest.web.TestUploads;
import io.imagepipe.testsupport.ImagepipeTest;
import io.imagepipe.testsupport.TestTokens;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.NestedTestConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The demo pages' tokens, over real HTTP: with the {@code local} profile that
 * {@code bin/run} uses, {@code POST /demo/token} gives a caller on this machine a
 * short-lived token for the user and organisations it names; without it there is no such
 * endpoint.
 */
@ImagepipeTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("local")
@DirtiesContext
class DemoTokenTests {

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Test
	void aDemoTokenUploadsForItsUserAndItsOrganisationsOnly() throws Exception {
		HttpResponse<String> response = demoToken(this.port, "sub=42&org=7");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.headers().firstValue("Cache-Control"))
			.hasValueSatisfying((value) -> assertThat(value).contains("no-store"));
		JsonNode body = json.readTree(response.body());
		Instant expiresAt = Instant.parse(body.path("expiresAt").asString());
		assertThat(body.path("imagesUrl").asString()).as("where the demo pages read images")
			.isEqualTo("http://localhost:8082");
		assertThat(expiresAt).isCloseTo(Instant.now().plus(Duration.ofMinutes(15)), within(Duration.ofMinutes(1)));
		String token = TestTokens.bearer(body.path("token").asString());
		assertThat(upload("users/42/profile", token).statusCode()).isEqualTo(202);
		assertThat(upload("organizations/7/logo", token).statusCode()).isEqualTo(202);
		Problems.assertProblem(upload("users/43/profile", token), 403, "forbidden");
		Problems.assertProblem(upload("organizations/8/logo", token), 403, "forbidden");
		String payload = body.path("token").asString().split("\\.")[1];
		JsonNode claims = json.readTree(Base64.getUrlDecoder().decode(payload));
		assertThat(claims.path("roles").isMissingNode() || claims.path("roles").isEmpty())
			.as("no role, so not the ops role ops-console takes, unless asked for: " + claims)
			.isTrue();
	}

	@Test
	void theServiceRoleGivesATokenThatWritesAnyImageAndUnknownRolesAreNotGiven() throws Exception {
		HttpResponse<String> service = demoToken(this.port, "sub=demo-backend&role=service");
		assertThat(service.statusCode()).isEqualTo(200);
		String token = TestTokens.bearer(json.readTree(service.body()).path("token").asString());
		assertThat(upload("users/someone-else/profile", token).statusCode()).isEqualTo(202);
		assertThat(upload("organizations/any-org/logo", token).statusCode()).isEqualTo(202);

		HttpResponse<String> admin = demoToken(this.port, "sub=demo-user&role=admin&role=superuser");
		assertThat(admin.statusCode()).isEqualTo(200);
		String user = TestTokens.bearer(json.readTree(admin.body()).path("token").asString());
		Problems.assertProblem(upload("users/someone-else/profile", user), 403, "forbidden");
		assertThat(upload("users/demo-user/profile", user).statusCode()).isEqualTo(202);
	}

	@Test
	void aCallerNotOnThisMachineGetsNoToken() throws Exception {
		// as nginx on another host would forward it; Tomcat trusts X-Forwarded-For from
		// loopback and private addresses
		HttpResponse<String> response = http
			.send(HttpRequest.newBuilder(base(this.port).resolve("/demo/token?sub=42&role=service"))
				.header("X-Forwarded-For", "203.0.113.7")
				.POST(HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString());
		Problems.assertProblem(response, 403, "forbidden");
		assertThat(response.body()).doesNotContain("\"token\"");
		// nor to a request that claims to be local but came through a proxy
		HttpResponse<String> proxied = http
			.send(HttpRequest.newBuilder(base(this.port).resolve("/demo/token?sub=42&role=service"))
				.header("X-Forwarded-For", "127.0.0.1")
				.POST(HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString());
		Problems.assertProblem(proxied, 403, "forbidden");
		assertThat(proxied.body()).doesNotContain("\"token\"");
	}

	@Test
	void theDemoPagesAreServed() throws Exception {
		for (String page : new String[] { "/demo/profile.html", "/demo/organizations.html" }) {
			HttpResponse<String> html = http.send(HttpRequest.newBuilder(base(this.port).resolve(page)).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(html.statusCode()).as(page).isEqualTo(200);
			assertThat(html.body()).as(page).contains("<imagepipe-upload", "imagepipe-upload.js");
		}
		HttpResponse<String> script = http.send(
				HttpRequest.newBuilder(base(this.port).resolve("/demo/demo.js")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(script.statusCode()).isEqualTo(200);
		assertThat(script.body()).contains("/demo/token");
	}

	private HttpResponse<String> upload(String image, String authorization) throws Exception {
		return TestUploads.post(base(this.port), image, authorization);
	}

	static HttpResponse<String> demoToken(int port, String query) throws Exception {
		return http.send(HttpRequest.newBuilder(base(port).resolve("/demo/token?" + query))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	static URI base(int port) {
		return URI.create("http://localhost:" + port);
	}

	/**
	 * The same application without the {@code local} profile, as deployed.
	 */
	@Nested
	@NestedTestConfiguration(NestedTestConfiguration.EnclosingConfiguration.OVERRIDE)
	@ImagepipeTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
	@DirtiesContext
	class WithoutTheLocalProfile {

		@LocalServerPort
		int port;

		@Test
		void thereIsNoDemoTokenEndpoint() throws Exception {
			HttpResponse<String> response = demoToken(this.port, "sub=42&org=7&role=service");
			assertThat(response.statusCode()).as(response.body()).isIn(404, 405);
			assertThat(response.body()).doesNotContain("\"token\"", "expiresAt");
		}

	}

}
