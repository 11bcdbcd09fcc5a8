package io.imagepipe.ingest.auth;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.util.StringUtils;

/**
 * Checks bearer tokens: their signature with the HMAC secret or the identity provider's
 * keys, that they carry a subject and an expiry that has not passed, and their issuer and
 * audience when those are configured. Refuses to start when no way to check signatures,
 * or both, are configured, or when the secret is too short to be safe.
 */
@Configuration(proxyBeanMethods = false)
class JwtConfig {

	/** RFC 7518 §3.2: a key at least as long as the hash output; 32 bytes for HS256. */
	static final int MIN_SECRET_BYTES = 32;

	/** The one error for a token past its expiry, or before its not-before time. */
	static final OAuth2Error OUT_OF_DATE = new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
			"The bearer token has expired, or is not valid yet.", null);

	@Bean
	JwtDecoder jwtDecoder(AuthProperties properties) {
		NimbusJwtDecoder decoder = signatureChecks(properties);
		decoder.setJwtValidator(validator(properties));
		return decoder;
	}

	@Bean
	JwtAuthenticationConverter jwtAuthenticationConverter(AuthProperties properties) {
		JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
		converter.setJwtGrantedAuthoritiesConverter((jwt) -> new Caller(jwt, properties).authorities());
		converter.setPrincipalClaimName(JwtClaimNames.SUB);
		return converter;
	}

	static SecretKey secretKey(AuthProperties properties) {
		byte[] secret = properties.jwtSecret().getBytes(StandardCharsets.UTF_8);
		if (secret.length < MIN_SECRET_BYTES) {
			throw new IllegalStateException("imagepipe.auth.jwt-secret (JWT_SECRET) must be at least "
					+ MIN_SECRET_BYTES + " bytes; generate one with: openssl rand -base64 48");
		}
		return new SecretKeySpec(secret, "Hmac" + macAlgorithm(properties).getName().substring(2));
	}

	static MacAlgorithm macAlgorithm(AuthProperties properties) {
		MacAlgorithm algorithm = MacAlgorithm.from(properties.jwtAlgorithm());
		if (algorithm == null) {
			throw new IllegalStateException(
					"imagepipe.auth.jwt-algorithm must be HS256, HS384 or HS512, not " + properties.jwtAlgorithm());
		}
		return algorithm;
	}

	private static NimbusJwtDecoder signatureChecks(AuthProperties properties) {
		if (properties.hasSecret() == properties.hasIssuerKeys()) {
			throw new IllegalStateException("Configure exactly one way to check bearer tokens: JWT_SECRET (HMAC) "
					+ "or JWT_JWK_SET_URI / JWT_ISSUER (an identity provider's keys). See docs/security.md.");
		}
		if (properties.hasSecret()) {
			return NimbusJwtDecoder.withSecretKey(secretKey(properties)).macAlgorithm(macAlgorithm(properties)).build();
		}
		NimbusJwtDecoder.JwkSetUriJwtDecoderBuilder keys = (properties.jwkSetUri() != null)
				? NimbusJwtDecoder.withJwkSetUri(properties.jwkSetUri().toString())
				: NimbusJwtDecoder.withIssuerLocation(properties.issuer());
		return keys
			.jwsAlgorithms((algorithms) -> algorithms
				.addAll(List.of(SignatureAlgorithm.RS256, SignatureAlgorithm.ES256, SignatureAlgorithm.PS256)))
			.build();
	}

	private static OAuth2TokenValidator<Jwt> validator(AuthProperties properties) {
		List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
		// exp and nbf, with the clock skew: one error of its own, so that the answer can
		// say the token is out of date; a token without exp is refused by the next one
		JwtTimestampValidator timestamps = new JwtTimestampValidator(properties.clockSkew());
		validators.add((jwt) -> timestamps.validate(jwt).hasErrors() ? OAuth2TokenValidatorResult.failure(OUT_OF_DATE)
				: OAuth2TokenValidatorResult.success());
		validators.add(new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull));
		validators.add(new JwtClaimValidator<String>(JwtClaimNames.SUB, StringUtils::hasText));
		if (StringUtils.hasText(properties.issuer())) {
			validators.add(new JwtIssuerValidator(properties.issuer()));
		}
		if (StringUtils.hasText(properties.audience())) {
			validators.add(new JwtAudienceValidator(properties.audience()));
		}
		return new DelegatingOAuth2TokenValidator<>(validators);
	}

}
