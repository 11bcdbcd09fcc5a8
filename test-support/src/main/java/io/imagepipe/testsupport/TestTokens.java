package io.imagepipe.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.crypto.spec.SecretKeySpec;

import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * Bearer tokens for tests, signed with HS256 and {@link #SECRET}, the secret every test
 * configures as {@code JWT_SECRET} ({@code imagepipe.auth.jwt-secret}). The claims are
 * the default ones: {@code sub}, {@code roles} and {@code org_admin}.
 */
public final class TestTokens {

	/** The HMAC secret of tests only; a deployment generates its own. */
	public static final String SECRET = "imagepipe-tests-only-hmac-secret-0123456789abcdef";

	/** The property that configures it, as a {@code key=value} pair. */
	public static final String SECRET_PROPERTY = "imagepipe.auth.jwt-secret=" + SECRET;

	private TestTokens() {
	}

	/**
	 * A user's token.
	 * @param subject the user id
	 * @return the token
	 */
	public static String user(String subject) {
		return sign(claims(subject, List.of(), List.of(), Duration.ofMinutes(10)), SECRET);
	}

	/**
	 * The token of an admin of some organisations.
	 * @param subject the user id
	 * @param organizations the ids of the organisations
	 * @return the token
	 */
	public static String orgAdmin(String subject, String... organizations) {
		return sign(claims(subject, List.of(), List.of(organizations), Duration.ofMinutes(10)), SECRET);
	}

	/**
	 * A backend's token with the service role.
	 * @return the token
	 */
	public static String service() {
		return sign(claims("test-service", List.of("service"), List.of(), Duration.ofMinutes(30)), SECRET);
	}

	/**
	 * The token of an ops user.
	 * @return the token
	 */
	public static String ops() {
		return sign(claims("test-ops", List.of("ops"), List.of(), Duration.ofMinutes(30)), SECRET);
	}

	/**
	 * A user's token that expired a while ago.
	 * @param subject the user id
	 * @return the token
	 */
	public static String expired(String subject) {
		return sign(claims(subject, List.of(), List.of(), Duration.ofMinutes(-10)), SECRET);
	}

	/**
	 * A service token signed with another secret.
	 * @return the token
	 */
	public static String forged() {
		return sign(claims("test-service", List.of("service"), List.of(), Duration.ofMinutes(10)),
				"not-the-secret-of-this-deployment-0123456789");
	}

	/**
	 * The {@code Authorization} header value for a token.
	 * @param token the token
	 * @return {@code Bearer <token>}
	 */
	public static String bearer(String token) {
		return "Bearer " + token;
	}

	/**
	 * Claims for a token.
	 * @param subject {@code sub}
	 * @param roles {@code roles}
	 * @param organizations {@code org_admin}
	 * @param lifetime from now to {@code exp}; negative for an expired token
	 * @return the claims
	 */
	public static JwtClaimsSet claims(String subject, List<String> roles, List<String> organizations,
			Duration lifetime) {
		Instant now = Instant.now();
		Instant issued = lifetime.isNegative() ? now.plus(lifetime).minus(Duration.ofMinutes(10)) : now;
		return JwtClaimsSet.builder()
			.subject(subject)
			.issuedAt(issued)
			.expiresAt(now.plus(lifetime))
			.claim("roles", roles)
			.claim("org_admin", organizations)
			.build();
	}

	/**
	 * Sign claims with HS256.
	 * @param claims the claims
	 * @param secret the secret, at least 32 bytes
	 * @return the compact token
	 */
	public static String sign(JwtClaimsSet claims, String secret) {
		NimbusJwtEncoder encoder = NimbusJwtEncoder
			.withSecretKey(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
			.algorithm(MacAlgorithm.HS256)
			.build();
		JwsHeader header = JwsHeader.with(MacAlgorithm.HS256).type("JWT").build();
		return encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
	}

}
