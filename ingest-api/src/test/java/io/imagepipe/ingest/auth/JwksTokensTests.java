package io.imagepipe.ingest.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.sun.net.httpserver.HttpServer;
import io.imagepipe.ingest.web.Problems;
import io.imagepipe.ingest.web.TestUploads;
import io.imagepipe.testsupport.ImagepipeTest;
import io.imagepipe.testsupport.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
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
 * ingest-api checking tokens with an identity provider's keys instead of a shared secret:
 * the provider's JWK set is served by a local HTTP server from a key pair made for this
 * test, and every token must carry the configured issuer and audience.
 */
// no HMAC secret: an inlined property ranks above the one @ImagepipeTest sets
@ImagepipeTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "imagepipe.auth.jwt-secret=", "imagepipe.auth.issuer=" + JwksTokensTests.ISSUER,
				"imagepipe.auth.audience=" + JwksTokensTests.AUDIENCE })
@DirtiesContext
class JwksTokensTests {

	static final String ISSUER = "https://id.example.test/realms/imagepipe";

	static final String AUDIENCE = "imagepipe-api";

	private static final RSAKey KEY = rsaKey("provider-key");

	private static final AtomicInteger KEY_SET_REQUESTS = new AtomicInteger();

	private static final HttpServer PROVIDER = serve(new JWKSet(KEY).toPublicJWKSet());

	@DynamicPropertySource
	static void provider(DynamicPropertyRegistry registry) {
		registry.add("imagepipe.auth.jwk-set-uri",
				() -> "http://127.0.0.1:" + PROVIDER.getAddress().getPort() + "/realms/imagepipe/certs");
	}

	@AfterAll
	static void stopTheProvider() {
		PROVIDER.stop(0);
	}

	@LocalServerPort
	int port;

	@Autowired
	AuthProperties properties;

	@Autowired
	Environment environment;

	@Test
	void noHmacSecretIsConfiguredHereOnlyTheProvidersKeys() {
		assertThat(this.environment.getProperty("imagepipe.auth.jwt-secret")).isEmpty();
		assertThat(this.properties.hasSecret()).isFalse();
		assertThat(this.properties.hasIssuerKeys()).isTrue();
	}

	@Test
	void aTokenSignedWithTheProvidersKeyForThisAudienceUploads() throws Exception {
		String token = rs256(KEY, claims("walter").audience(List.of("other-api", AUDIENCE)));
		HttpResponse<String> response = TestUploads.post(base(), "users/walter/profile", TestTokens.bearer(token));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		assertThat(KEY_SET_REQUESTS).as("the keys come from the provider's JWK set").hasPositiveValue();
		String service = rs256(KEY, claims("backend").audience(List.of(AUDIENCE)).claim("roles", List.of("service")));
		assertThat(TestUploads.post(base(), "organizations/org-w/logo", TestTokens.bearer(service)).statusCode())
			.isEqualTo(202);
	}

	@Test
	void aTokenForAnotherAudienceOrFromAnotherIssuerIsRefused() throws Exception {
		assertInvalid(rs256(KEY, claims("xavier").audience(List.of("other-api"))), "users/xavier/profile");
		assertInvalid(rs256(KEY,
				JwtClaimsSet.builder()
					.subject("xavier")
					.issuer(ISSUER)
					.expiresAt(Instant.now().plus(Duration.ofMinutes(5)))),
				"users/xavier/profile");
		assertInvalid(rs256(KEY, claims("xavier").audience(List.of(AUDIENCE)).issuer("https://evil.example.test/")),
				"users/xavier/profile");
	}

	@Test
	void tokensSignedWithAnythingButTheProvidersKeyAreRefused() throws Exception {
		assertInvalid(TestTokens.user("yvonne"), "users/yvonne/profile");
		assertInvalid(TestTokens.sign(claims("yvonne").audience(List.of(AUDIENCE)).build(), TestTokens.SECRET),
				"users/yvonne/profile");
		assertInvalid(rs256(rsaKey("provider-key"), claims("yvonne").audience(List.of(AUDIENCE))),
				"users/yvonne/profile");
		// the provider's public key, which anyone can fetch, used as an HMAC secret
		assertInvalid(hs256WithThePublicKey(claims("yvonne").audience(List.of(AUDIENCE))), "users/yvonne/profile");
	}

	private void assertInvalid(String token, String image) throws Exception {
		HttpResponse<String> response = TestUploads.post(base(), image, TestTokens.bearer(token));
		Problems.assertProblem(response, 401, "invalid-token");
		assertThat(response.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((value) -> assertThat(value).startsWith("Bearer ").contains("invalid_token"));
	}

	private URI base() {
		return URI.create("http://localhost:" + this.port);
	}

	private static JwtClaimsSet.Builder claims(String subject) {
		return JwtClaimsSet.builder()
			.subject(subject)
			.issuer(ISSUER)
			.issuedAt(Instant.now())
			.expiresAt(Instant.now().plus(Duration.ofMinutes(5)));
	}

	private static String rs256(RSAKey key, JwtClaimsSet.Builder claims) {
		NimbusJwtEncoder encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key)));
		JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).keyId(key.getKeyID()).type("JWT").build();
		return encoder.encode(JwtEncoderParameters.from(header, claims.build())).getTokenValue();
	}

	private static String hs256WithThePublicKey(JwtClaimsSet.Builder claims) throws Exception {
		byte[] publicKey = KEY.toRSAPublicKey().getEncoded();
		NimbusJwtEncoder encoder = NimbusJwtEncoder.withSecretKey(new SecretKeySpec(publicKey, "HmacSHA256"))
			.algorithm(MacAlgorithm.HS256)
			.build();
		JwsHeader header = JwsHeader.with(MacAlgorithm.HS256).type("JWT").build();
		return encoder.encode(JwtEncoderParameters.from(header, claims.build())).getTokenValue();
	}

	private static RSAKey rsaKey(String id) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			KeyPair pair = generator.generateKeyPair();
			return new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
				.keyID(id)
				.build();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static HttpServer serve(JWKSet keys) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			byte[] body = keys.toString().getBytes(StandardCharsets.UTF_8);
			server.createContext("/realms/imagepipe/certs", (exchange) -> {
				KEY_SET_REQUESTS.incrementAndGet();
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
