package io.imagepipe.web.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import io.imagepipe.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
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
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.util.StringUtils;

/**
 * Bearer JWTs as every imagepipe service that takes them checks and reads them (ADR
 * 0010): the signature with the HMAC secret or the identity provider's keys, a subject
 * and an expiry that has not passed, the issuer and audience when configured; the roles
 * from a configurable claim; and the RFC 6750 challenge, as a problem, when a token is
 * missing or refused. Refuses to start when no way to check signatures, or both, are
 * configured, or when the secret is too short to be safe.
 */
public final class BearerTokens {

	/** RFC 7518 §3.2: a key at least as long as the hash output; 32 bytes for HS256. */
	public static final int MIN_SECRET_BYTES = 32;

	/** The one error for a token past its expiry, or before its not-before time. */
	public static final OAuth2Error OUT_OF_DATE = new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
			"The bearer token has expired, or is not valid yet.", null);

	private BearerTokens() {
	}

	/**
	 * The decoder that checks tokens as configured.
	 * @param settings how tokens are checked
	 * @return the decoder
	 */
	public static NimbusJwtDecoder decoder(TokenSettings settings) {
		NimbusJwtDecoder decoder = signatureChecks(settings);
		decoder.setJwtValidator(validator(settings));
		return decoder;
	}

	/**
	 * The HMAC key of the configured secret.
	 * @param settings how tokens are checked, with a secret
	 * @return the key
	 */
	public static SecretKey secretKey(TokenSettings settings) {
		byte[] secret = settings.jwtSecret().getBytes(StandardCharsets.UTF_8);
		if (secret.length < MIN_SECRET_BYTES) {
			throw new IllegalStateException("imagepipe.auth.jwt-secret (JWT_SECRET) must be at least "
					+ MIN_SECRET_BYTES + " bytes; generate one with: openssl rand -base64 48");
		}
		return new SecretKeySpec(secret, "Hmac" + macAlgorithm(settings).getName().substring(2));
	}

	/**
	 * The configured HMAC algorithm.
	 * @param settings how tokens are checked
	 * @return HS256, HS384 or HS512
	 */
	public static MacAlgorithm macAlgorithm(TokenSettings settings) {
		MacAlgorithm algorithm = MacAlgorithm.from(settings.jwtAlgorithm());
		if (algorithm == null) {
			throw new IllegalStateException(
					"imagepipe.auth.jwt-algorithm must be HS256, HS384 or HS512, not " + settings.jwtAlgorithm());
		}
		return algorithm;
	}

	/**
	 * The authorities of a token: one for each configured role it carries.
	 * @param jwt the token
	 * @param rolesClaim the claim with the roles, a list or a space-separated string; a
	 * dotted path reaches into objects
	 * @param authorities role name → the authority it grants
	 * @return the granted authorities
	 */
	public static Collection<GrantedAuthority> authorities(Jwt jwt, String rolesClaim,
			Map<String, String> authorities) {
		Set<String> roles = strings(claim(jwt, rolesClaim));
		List<GrantedAuthority> granted = new ArrayList<>();
		authorities.forEach((role, authority) -> {
			if (roles.contains(role)) {
				granted.add(new SimpleGrantedAuthority(authority));
			}
		});
		return granted;
	}

	/**
	 * A claim of a token.
	 * @param jwt the token
	 * @param path the claim's name, or a dotted path into objects such as
	 * {@code realm_access.roles}
	 * @return its value, or {@code null}
	 */
	public static Object claim(Jwt jwt, String path) {
		Object value = jwt.getClaims();
		for (String name : path.split("\\.")) {
			if (!(value instanceof Map<?, ?> object)) {
				return null;
			}
			value = object.get(name);
		}
		return value;
	}

	/**
	 * A claim as a set of strings: a list of strings or numbers, or one string of words.
	 * @param claim the claim's value
	 * @return its strings, empty for anything else
	 */
	public static Set<String> strings(Object claim) {
		Set<String> values = new HashSet<>();
		if (claim instanceof Collection<?> items) {
			for (Object item : items) {
				if (item instanceof String || item instanceof Number) {
					values.add(item.toString());
				}
			}
		}
		else if (claim instanceof String words) {
			values.addAll(Arrays.asList(words.trim().split("\\s+")));
			values.remove("");
		}
		else if (claim instanceof Number number) {
			values.add(number.toString());
		}
		return values;
	}

	/**
	 * 401 for a missing, expired or forged token, with an RFC 6750 challenge. The detail
	 * says which of the three, never what the token library said.
	 * @return the entry point
	 */
	public static AuthenticationEntryPoint challenge() {
		return (request, response, ex) -> challenge(response, ex);
	}

	/**
	 * Tell whether a request carries a bearer token (which a browser never sends on its
	 * own, so such a request needs no CSRF token).
	 * @param request the request
	 * @return whether its {@code Authorization} header is a bearer one
	 */
	public static boolean hasBearerToken(HttpServletRequest request) {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
	}

	private static void challenge(HttpServletResponse response, AuthenticationException ex) throws IOException {
		if (!(ex instanceof OAuth2AuthenticationException)) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"imagepipe\"");
			Problems.write(response, HttpStatus.UNAUTHORIZED, "unauthorized",
					"This needs a bearer token in the Authorization header.");
			return;
		}
		String detail = isOutOfDate(ex) ? OUT_OF_DATE.getDescription()
				: "The bearer token is not valid: its signature, issuer, audience or claims do not check out.";
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE,
				"Bearer realm=\"imagepipe\", error=\"invalid_token\", error_description=\"" + detail + "\"");
		Problems.write(response, HttpStatus.UNAUTHORIZED, "invalid-token", detail);
	}

	private static boolean isOutOfDate(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof JwtValidationException invalid && invalid.getErrors().contains(OUT_OF_DATE)) {
				return true;
			}
		}
		return false;
	}

	private static NimbusJwtDecoder signatureChecks(TokenSettings settings) {
		if (settings.hasSecret() == settings.hasIssuerKeys()) {
			throw new IllegalStateException("Configure exactly one way to check bearer tokens: JWT_SECRET (HMAC) "
					+ "or JWT_JWK_SET_URI / JWT_ISSUER (an identity provider's keys). See docs/security.md.");
		}
		if (settings.hasSecret()) {
			return NimbusJwtDecoder.withSecretKey(secretKey(settings)).macAlgorithm(macAlgorithm(settings)).build();
		}
		NimbusJwtDecoder.JwkSetUriJwtDecoderBuilder keys = (settings.jwkSetUri() != null)
				? NimbusJwtDecoder.withJwkSetUri(settings.jwkSetUri().toString())
				: NimbusJwtDecoder.withIssuerLocation(settings.issuer());
		return keys
			.jwsAlgorithms((algorithms) -> algorithms
				.addAll(List.of(SignatureAlgorithm.RS256, SignatureAlgorithm.ES256, SignatureAlgorithm.PS256)))
			.build();
	}

	private static OAuth2TokenValidator<Jwt> validator(TokenSettings settings) {
		List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
		// exp and nbf, with the clock skew: one error of its own, so that the answer can
		// say the token is out of date; a token without exp is refused by the next one
		JwtTimestampValidator timestamps = new JwtTimestampValidator(settings.clockSkew());
		validators.add((jwt) -> timestamps.validate(jwt).hasErrors() ? OAuth2TokenValidatorResult.failure(OUT_OF_DATE)
				: OAuth2TokenValidatorResult.success());
		validators.add(new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull));
		validators.add(new JwtClaimValidator<String>(JwtClaimNames.SUB, StringUtils::hasText));
		if (StringUtils.hasText(settings.issuer())) {
			validators.add(new JwtIssuerValidator(settings.issuer()));
		}
		if (StringUtils.hasText(settings.audience())) {
			validators.add(new JwtAudienceValidator(settings.audience()));
		}
		return new DelegatingOAuth2TokenValidator<>(validators);
	}

}
