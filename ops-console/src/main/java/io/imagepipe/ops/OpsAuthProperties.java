package io.imagepipe.ops;

import java.net.URI;
import java.time.Duration;

import io.imagepipe.web.security.TokenSettings;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How bearer tokens are checked and read: the same {@code imagepipe.auth} settings, and
 * so the same tokens, as ingest-api (ADR 0010). Exactly one way to check signatures is
 * configured: {@code jwtSecret} or {@code jwkSetUri} / {@code issuer}.
 *
 * @param jwtSecret the HMAC secret, at least 32 bytes ({@code JWT_SECRET})
 * @param jwtAlgorithm the HMAC algorithm: HS256, HS384 or HS512
 * @param jwkSetUri the identity provider's JWK set ({@code JWT_JWK_SET_URI})
 * @param issuer the {@code iss} every token must carry ({@code JWT_ISSUER})
 * @param audience the {@code aud} every token must carry, if set ({@code JWT_AUDIENCE})
 * @param clockSkew how far {@code exp} and {@code nbf} may be off
 * @param rolesClaim the claim with the caller's roles ({@code JWT_ROLES_CLAIM})
 * @param opsRole the role that may use the console and its API ({@code JWT_OPS_ROLE})
 */
@Validated
@ConfigurationProperties("imagepipe.auth")
record OpsAuthProperties(String jwtSecret, @NotBlank @DefaultValue("HS256") String jwtAlgorithm, URI jwkSetUri,
		String issuer, String audience, @NotNull @DefaultValue("30s") Duration clockSkew,
		@NotBlank @DefaultValue("roles") String rolesClaim, @NotBlank @DefaultValue("ops") String opsRole) {

	TokenSettings tokens() {
		return new TokenSettings(this.jwtSecret, this.jwtAlgorithm, this.jwkSetUri, this.issuer, this.audience,
				this.clockSkew);
	}

}
