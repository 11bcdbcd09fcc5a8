package io.imagepipe.ingest.auth;

import java.net.URI;
import java.time.Duration;

import io.imagepipe.web.security.TokenSettings;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How bearer tokens are checked and read. Exactly one way to check signatures is
 * configured: {@code jwtSecret} (HMAC, a secret shared with the app that signs the
 * tokens) or {@code jwkSetUri} / {@code issuer} (an identity provider's published keys).
 *
 * @param jwtSecret the HMAC secret, at least 32 bytes ({@code JWT_SECRET})
 * @param jwtAlgorithm the HMAC algorithm: HS256, HS384 or HS512
 * @param jwkSetUri the identity provider's JWK set ({@code JWT_JWK_SET_URI})
 * @param issuer the {@code iss} every token must carry; with no {@code jwkSetUri}, the
 * keys are found through its OpenID discovery document ({@code JWT_ISSUER})
 * @param audience the {@code aud} every token must carry, if set ({@code JWT_AUDIENCE})
 * @param clockSkew how far {@code exp} and {@code nbf} may be off
 * @param userIdClaim the claim with the user id that {@code users/{id}} names:
 * {@code sub}, or another claim when the identity provider's subjects are not the app's
 * user ids
 * @param rolesClaim the claim with the caller's roles, a list or a space-separated
 * string; a dotted path reaches into objects, such as {@code realm_access.roles}
 * @param orgAdminClaim the claim with the ids of the organisations the caller administers
 * @param serviceRole the role that may write any image
 * @param demoTokens the local-only endpoint that gives the demo pages a token
 */
@Validated
@ConfigurationProperties("imagepipe.auth")
public record AuthProperties(String jwtSecret, @NotBlank @DefaultValue("HS256") String jwtAlgorithm, URI jwkSetUri,
		String issuer, String audience, @NotNull @DefaultValue("30s") Duration clockSkew,
		@NotBlank @DefaultValue("sub") String userIdClaim, @NotBlank @DefaultValue("roles") String rolesClaim,
		@NotBlank @DefaultValue("org_admin") String orgAdminClaim,
		@NotBlank @DefaultValue("service") String serviceRole, @NotNull @DefaultValue DemoTokens demoTokens) {

	/**
	 * How tokens are checked, as every service that takes them checks them.
	 * @return the signature and claim checks
	 */
	public TokenSettings tokens() {
		return new TokenSettings(this.jwtSecret, this.jwtAlgorithm, this.jwkSetUri, this.issuer, this.audience,
				this.clockSkew);
	}

	boolean hasSecret() {
		return tokens().hasSecret();
	}

	/**
	 * The demo token endpoint, {@code POST /demo/token}. Only the {@code local} profile
	 * turns it on; it needs an HMAC secret and answers only loopback callers.
	 *
	 * @param enabled whether the endpoint exists
	 * @param lifetime how long a demo token lasts
	 */
	public record DemoTokens(@DefaultValue("false") boolean enabled, @NotNull @DefaultValue("15m") Duration lifetime) {

	}

}
