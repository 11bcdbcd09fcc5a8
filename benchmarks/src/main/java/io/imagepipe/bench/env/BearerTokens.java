package io.imagepipe.bench.env;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.spec.SecretKeySpec;

import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * The bearer tokens of a run: a random HMAC secret of the run's own, which only
 * ingest-api gets (as {@code JWT_SECRET}), and tokens with the service role signed with
 * it (HS256, by Spring Security's {@link NimbusJwtEncoder}), as a backend that uploads
 * for its users signs them. The service role is not rate limited, so the figures measure
 * ingest-api's work, not its limits.
 */
public final class BearerTokens {

	/** Longer than a full run with profiles. */
	private static final Duration LIFETIME = Duration.ofHours(2);

	private final String secret;

	private final JwtEncoder encoder;

	private BearerTokens(String secret) {
		this.secret = secret;
		this.encoder = NimbusJwtEncoder
			.withSecretKey(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
			.algorithm(MacAlgorithm.HS256)
			.build();
	}

	/**
	 * A new random secret, 48 bytes written as 96 hex digits.
	 * @return the run's tokens
	 */
	static BearerTokens random() {
		byte[] secret = new byte[48];
		new SecureRandom().nextBytes(secret);
		return new BearerTokens(HexFormat.of().formatHex(secret));
	}

	/**
	 * The secret, for ingest-api's {@code JWT_SECRET} only.
	 * @return the secret
	 */
	String secret() {
		return this.secret;
	}

	/**
	 * A token with the service role ({@code roles: ["service"]}), valid for two hours.
	 * @return the compact token
	 */
	public String service() {
		Instant now = Instant.now();
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.subject("imagepipe-bench")
			.issuedAt(now)
			.expiresAt(now.plus(LIFETIME))
			.claim("roles", List.of("service"))
			.build();
		JwsHeader header = JwsHeader.with(MacAlgorithm.HS256).type("JWT").build();
		return this.encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
	}

}
