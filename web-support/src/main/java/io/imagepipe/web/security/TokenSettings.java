package io.imagepipe.web.security;

import java.net.URI;
import java.time.Duration;

/**
 * How bearer tokens are checked: exactly one way to check signatures, {@code jwtSecret}
 * (HMAC, a secret shared with the app that signs the tokens) or {@code jwkSetUri} /
 * {@code issuer} (an identity provider's published keys). Every service that takes tokens
 * reads these from {@code imagepipe.auth}, so the same tokens are valid in each.
 *
 * @param jwtSecret the HMAC secret, at least 32 bytes ({@code JWT_SECRET})
 * @param jwtAlgorithm the HMAC algorithm: HS256, HS384 or HS512
 * @param jwkSetUri the identity provider's JWK set ({@code JWT_JWK_SET_URI})
 * @param issuer the {@code iss} every token must carry; with no {@code jwkSetUri}, the
 * keys are found through its OpenID discovery document ({@code JWT_ISSUER})
 * @param audience the {@code aud} every token must carry, if set ({@code JWT_AUDIENCE})
 * @param clockSkew how far {@code exp} and {@code nbf} may be off
 */
public record TokenSettings(String jwtSecret, String jwtAlgorithm, URI jwkSetUri, String issuer, String audience,
		Duration clockSkew) {

	/**
	 * Tell whether an HMAC secret is configured.
	 * @return whether {@code jwtSecret} is set
	 */
	public boolean hasSecret() {
		return this.jwtSecret != null && !this.jwtSecret.isBlank();
	}

	/**
	 * Tell whether an identity provider's keys are configured.
	 * @return whether {@code jwkSetUri} or {@code issuer} is set
	 */
	public boolean hasIssuerKeys() {
		return this.jwkSetUri != null || (this.issuer != null && !this.issuer.isBlank());
	}

}
