package io.imagepipe.ingest.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.sun.net.httpserver.HttpServer;
import io.imagepipe.ingest.web.Problems;
import io.imagepipe.ingest.web.TestUploads;
import io.imagepipe.testsupport.ImagepipeTest;
import io.imagepipe.testsupport.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With only {@code JWT_ISSUER} configured, ingest-api finds the provider's keys through
 * its OpenID discovery document ({@code {issuer}/.well-known/openid-configuration}),
 * served here by a local HTTP server with an ES256 key made for this test.
 */
// no HMAC secret: an inlined property ranks above the one @ImagepipeTest sets
@ImagepipeTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "imagepipe.auth.jwt-secret=")
@DirtiesContext
class IssuerDiscoveryTests {

	private static final ECKey KEY = ecKey("discovered-key");

	private static final AtomicInteger DISCOVERY_REQUESTS = new AtomicInteger();

	private static final HttpServer PROVIDER = serve();

	private static final String ISSUER = "http://127.0.0.1:" + PROVIDER.getAddress().getPort() + "/realms/disc";

	@DynamicPropertySource
	static void provider(DynamicPropertyRegistry registry) {
		registry.add("imagepipe.auth.issuer", () -> ISSUER);
	}

	@AfterAll
	static void stopTheProvider() {
		PROVIDER.stop(0);
	}

	@LocalServerPort
	int port;

	@Test
	void theKeysAreFoundThroughTheIssuersDiscoveryDocument() throws Exception {
		String token = es256(claims("zoe").issuer(ISSUER));
		HttpResponse<String> response = TestUploads.post(base(), "users/zoe/profile", TestTokens.bearer(token));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		assertThat(DISCOVERY_REQUESTS).as("the discovery document was read").hasPositiveValue();
	}

	@Test
	void aTokenOfAnotherIssuerOrWithoutOneIsRefused() throws Exception {
		Problems.assertProblem(
				TestUploads.post(base(), "users/zoe/profile",
						TestTokens.bearer(es256(claims("zoe").issuer("http://127.0.0.1:1/realms/other")))),
				401, "invalid-token");
		Problems.assertProblem(TestUploads.post(base(), "users/zoe/profile", TestTokens.bearer(es256(claims("zoe")))),
				401, "invalid-token");
		Problems.assertProblem(TestUploads.post(base(), "users/zoe/profile", TestTokens.bearer(TestTokens.user("zoe"))),
				401, "invalid-token");
	}

	private URI base() {
		return URI.create("http://localhost:" + this.port);
	}

	private static JwtClaimsSet.Builder claims(String subject) {
		return JwtClaimsSet.builder()
			.subject(subject)
			.issuedAt(Instant.now())
			.expiresAt(Instant.now().plus(Duration.ofMinutes(5)));
	}

	private static String es256(JwtClaimsSet.Builder claims) {
		NimbusJwtEncoder encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(KEY)));
		JwsHeader header = JwsHeader.with(SignatureAlgorithm.ES256).keyId(KEY.getKeyID()).type("JWT").build();
		return encoder.encode(JwtEncoderParameters.from(header, claims.build())).getTokenValue();
	}

	private static ECKey ecKey(String id) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			var pair = generator.generateKeyPair();
			return new ECKey.Builder(Curve.P_256, (ECPublicKey) pair.getPublic())
				.privateKey((ECPrivateKey) pair.getPrivate())
				.keyID(id)
				.build();
		}
		catch (NoSuchAlgorithmException | java.security.InvalidAlgorithmParameterException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static HttpServer serve() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			server.createContext("/realms/disc/.well-known/openid-configuration", (exchange) -> {
				DISCOVERY_REQUESTS.incrementAndGet();
				String issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/disc";
				byte[] body = ("{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer
						+ "/certs\",\"id_token_signing_alg_values_supported\":[\"ES256\"]}")
					.getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().set("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, body.length);
				exchange.getResponseBody().write(body);
				exchange.close();
			});
			server.createContext("/realms/disc/certs", (exchange) -> {
				byte[] body = new JWKSet(KEY).toPublicJWKSet().toString().getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().set("Content-Type", "application/jwk-set+json");
				exchange.sendResponseHeaders(200, body.length);
				exchange.getResponseBody().write(body);
				exchange.close();
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
