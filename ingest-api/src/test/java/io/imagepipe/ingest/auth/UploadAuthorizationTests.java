package io.imagepipe.ingest.auth;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;

import javax.crypto.spec.SecretKeySpec;

import io.imagepipe.ingest.web.Problems;
import io.imagepipe.ingest.web.TestUploads;
import io.imagepipe.testsupport.ImagepipeTest;
import io.imagepipe.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

/**
 * Who may upload which image, over real HTTP against real PostgreSQL and RabbitMQ: each
 * caller's token against each kind of image, every way a token can be wrong, and what the
 * status lookup tells someone without a token.
 */
@ImagepipeTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class UploadAuthorizationTests {

	private static final String EXPIRED = "The bearer token has expired, or is not valid yet.";

	private static final String INVALID = "The bearer token is not valid: its signature, issuer, audience or claims do not check out.";

	private static final String MISSING = "This needs a bearer token in the Authorization header.";

	private static final String FORBIDDEN = "This token may not write this image.";

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	static Stream<Arguments> callers() {
		return Stream.of(
				argumentSet("a user, their own profile", bearer(() -> TestTokens.user("alice")), "users/alice/profile",
						202, null, null),
				argumentSet("a user, another user's profile", bearer(() -> TestTokens.user("bob")),
						"users/carol/profile", 403, "forbidden", FORBIDDEN),
				argumentSet("a user, an organisation's logo", bearer(() -> TestTokens.user("dave")),
						"organizations/org-d/logo", 403, "forbidden", FORBIDDEN),
				argumentSet("an org admin, their organisation's logo",
						bearer(() -> TestTokens.orgAdmin("erin", "org-x", "org-e")), "organizations/org-e/logo", 202,
						null, null),
				argumentSet("an org admin, another organisation's logo",
						bearer(() -> TestTokens.orgAdmin("frank", "org-f")), "organizations/org-g/logo", 403,
						"forbidden", FORBIDDEN),
				argumentSet("an org admin, their own profile", bearer(() -> TestTokens.orgAdmin("grace", "org-h")),
						"users/grace/profile", 202, null, null),
				argumentSet("an org admin, a profile named like their organisation",
						bearer(() -> TestTokens.orgAdmin("heidi", "org-i")), "users/org-i/profile", 403, "forbidden",
						FORBIDDEN),
				argumentSet("a service, a user's profile", bearer(TestTokens::service), "users/ivan/profile", 202, null,
						null),
				argumentSet("a service, an organisation's logo", bearer(TestTokens::service),
						"organizations/org-j/logo", 202, null, null),
				argumentSet("the ops role alone, a user's profile", bearer(TestTokens::ops), "users/judy/profile", 403,
						"forbidden", FORBIDDEN),
				argumentSet("roles as one space-separated string",
						bearer(() -> sign(TestTokens.SECRET, claims("svc-2").claim("roles", "reader service"))),
						"users/kim/profile", 202, null, null),
				argumentSet("organisation ids as numbers",
						bearer(() -> sign(TestTokens.SECRET, claims("leo").claim("org_admin", List.of(7001)))),
						"organizations/7001/logo", 202, null, null),
				argumentSet("no token", none(), "users/mallory/profile", 401, "unauthorized", MISSING),
				argumentSet("a password instead of a token",
						header(() -> "Basic " + Base64.getEncoder()
							.encodeToString("mallory:secret".getBytes(StandardCharsets.UTF_8))),
						"users/mallory-2/profile", 401, "unauthorized", MISSING),
				argumentSet("an expired token", bearer(() -> TestTokens.expired("nick")), "users/nick/profile", 401,
						"invalid-token", EXPIRED),
				argumentSet("a token not valid yet",
						bearer(() -> sign(TestTokens.SECRET,
								claims("olivia").notBefore(Instant.now().plus(Duration.ofHours(1)))
									.expiresAt(Instant.now().plus(Duration.ofHours(2))))),
						"users/olivia/profile", 401, "invalid-token", EXPIRED),
				argumentSet("a forged signature", bearer(TestTokens::forged), "users/peggy/profile", 401,
						"invalid-token", INVALID),
				argumentSet("a token that is not a JWT", header(() -> "Bearer not-a-jwt"), "users/quentin/profile", 401,
						"invalid-token", INVALID),
				argumentSet("a token with characters a token never has", header(() -> "Bearer abc def!"),
						"users/quentin-2/profile", 401, "invalid-token", INVALID),
				argumentSet("a token without expiry",
						bearer(() -> sign(TestTokens.SECRET,
								JwtClaimsSet.builder().subject("rupert").claim("roles", List.of("service")))),
						"users/rupert/profile", 401, "invalid-token", INVALID),
				argumentSet("a token without subject",
						bearer(() -> sign(TestTokens.SECRET,
								JwtClaimsSet.builder()
									.expiresAt(Instant.now().plus(Duration.ofMinutes(5)))
									.claim("roles", List.of("service")))),
						"users/sybil/profile", 401, "invalid-token", INVALID),
				argumentSet("an unsigned token (alg none)", bearer(() -> unsigned("trent", "service")),
						"users/trent/profile", 401, "invalid-token", INVALID),
				argumentSet("the right secret with another algorithm (HS384)",
						bearer(() -> signHs384(claims("victor").claim("roles", List.of("service")))),
						"users/victor/profile", 401, "invalid-token", INVALID));
	}

	@ParameterizedTest
	@MethodSource("callers")
	void anUploadIsDecidedByTheCallersTokenAndTheImage(Supplier<String> authorization, String image, int status,
			String type, String detail) throws Exception {
		HttpResponse<String> response = TestUploads.post(base(), image, authorization.get());
		if (status == 202) {
			assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
			assertThat(json.readTree(response.body()).path("uploadId").asString()).isNotBlank();
			assertThat(uploadsOf(image)).isEqualTo(1);
			return;
		}
		JsonNode problem = Problems.assertProblem(response, status, type);
		assertThat(problem.path("detail").asString()).isEqualTo(detail);
		assertThat(uploadsOf(image)).as("a refused upload stores nothing").isZero();
		if (status == 401) {
			assertThat(response.headers().firstValue("WWW-Authenticate"))
				.hasValueSatisfying((value) -> assertThat(value).startsWith("Bearer realm=\"imagepipe\""));
		}
		if (type.equals("invalid-token")) {
			assertThat(response.headers().firstValue("WWW-Authenticate"))
				.hasValueSatisfying((value) -> assertThat(value).contains("error=\"invalid_token\""));
		}
	}

	@Test
	void anUploadsStatusIsReadableWithoutATokenByItsIdAlone() throws Exception {
		UUID upload = TestUploads.upload(base(), "users/uma/profile");
		HttpResponse<String> status = get("/api/v1/uploads/" + upload);
		assertThat(status.statusCode()).isEqualTo(200);
		JsonNode body = json.readTree(status.body());
		assertThat(body.path("uploadId").asString()).isEqualTo(upload.toString());
		assertThat(body.path("status").asString()).isEqualTo("queued");
		assertThat(status.headers().firstValue("Set-Cookie")).isEmpty();
	}

	@Test
	void anUnknownUploadIdAndAMalformedOneGetTheSameAnswer() throws Exception {
		String unknownPath = "/api/v1/uploads/" + UUID.randomUUID();
		String malformedPath = "/api/v1/uploads/not-a-uuid";
		HttpResponse<String> unknown = get(unknownPath);
		HttpResponse<String> malformed = get(malformedPath);
		ObjectNode unknownProblem = (ObjectNode) Problems.assertProblem(unknown, 404, "upload-not-found");
		ObjectNode malformedProblem = (ObjectNode) Problems.assertProblem(malformed, 404, "upload-not-found");
		// the instance only echoes the path the caller asked for
		assertThat(unknownProblem.path("instance").asString(unknownPath)).isEqualTo(unknownPath);
		assertThat(malformedProblem.path("instance").asString(malformedPath)).isEqualTo(malformedPath);
		unknownProblem.remove("instance");
		malformedProblem.remove("instance");
		assertThat(malformedProblem).isEqualTo(unknownProblem);
		assertThat(malformed.headers().firstValue("Content-Type"))
			.isEqualTo(unknown.headers().firstValue("Content-Type"));
	}

	private int uploadsOf(String image) {
		String[] key = image.split("/");
		return this.jdbc
			.sql("SELECT count(*) FROM uploads WHERE owner_type = :type AND owner_id = :id AND slot = :slot")
			.param("type", key[0])
			.param("id", key[1])
			.param("slot", key[2])
			.query(Integer.class)
			.single();
	}

	private HttpResponse<String> get(String path) throws Exception {
		return http.send(HttpRequest.newBuilder(base().resolve(path)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private URI base() {
		return URI.create("http://localhost:" + this.port);
	}

	private static Supplier<String> bearer(Supplier<String> token) {
		return () -> TestTokens.bearer(token.get());
	}

	private static Supplier<String> header(Supplier<String> value) {
		return value;
	}

	private static Supplier<String> none() {
		return () -> null;
	}

	private static JwtClaimsSet.Builder claims(String subject) {
		return JwtClaimsSet.builder().subject(subject).expiresAt(Instant.now().plus(Duration.ofMinutes(5)));
	}

	private static String sign(String secret, JwtClaimsSet.Builder claims) {
		return TestTokens.sign(claims.build(), secret);
	}

	private static String signHs384(JwtClaimsSet.Builder claims) {
		byte[] secret = TestTokens.SECRET.getBytes(StandardCharsets.UTF_8);
		NimbusJwtEncoder encoder = NimbusJwtEncoder.withSecretKey(new SecretKeySpec(secret, "HmacSHA384"))
			.algorithm(MacAlgorithm.HS384)
			.build();
		return encoder
			.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS384).type("JWT").build(), claims.build()))
			.getTokenValue();
	}

	/**
	 * A token with {@code "alg": "none"} and no signature, claiming a role.
	 */
	private static String unsigned(String subject, String role) {
		Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
		String header = base64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
		String claims = "{\"sub\":\"" + subject + "\",\"roles\":[\"" + role + "\"],\"exp\":"
				+ Instant.now().plus(Duration.ofMinutes(5)).getEpochSecond() + "}";
		return header + "." + base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".";
	}

}
