package io.imagepipe.ingest.auth;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import io.imagepipe.ingest.upload.UploadProperties;
import io.imagepipe.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /demo/token?sub=42&org=7&role=service}: a short-lived token signed with the
 * HMAC secret, so that the demo pages and a local shell can upload. It exists only when
 * {@code imagepipe.auth.demo-tokens.enabled} is true, which only the {@code local}
 * profile sets ({@code bin/run}), and it answers only callers on this machine that
 * connect directly (not through a proxy).
 */
@RestController
@ConditionalOnBooleanProperty("imagepipe.auth.demo-tokens.enabled")
class DemoTokenController {

	private static final Logger log = LoggerFactory.getLogger(DemoTokenController.class);

	private static final Set<String> ROLES_GIVEN = Set.of("service", "ops");

	private final AuthProperties properties;

	private final JwtEncoder encoder;

	private final URI imagesUrl;

	DemoTokenController(AuthProperties properties, UploadProperties uploads) {
		if (!properties.hasSecret()) {
			throw new IllegalStateException(
					"imagepipe.auth.demo-tokens.enabled needs an HMAC secret (JWT_SECRET) to sign demo tokens");
		}
		this.properties = properties;
		this.imagesUrl = uploads.publicImageBaseUrl();
		this.encoder = NimbusJwtEncoder.withSecretKey(JwtConfig.secretKey(properties))
			.algorithm(JwtConfig.macAlgorithm(properties))
			.build();
		log.warn("Demo tokens are on: POST /demo/token gives local callers a token. Never use this in production.");
	}

	@PostMapping("/demo/token")
	ResponseEntity<DemoToken> token(@RequestParam String sub, @RequestParam(required = false) List<String> org,
			@RequestParam(required = false) List<String> role, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		// a forwarded request came through a proxy, so from somewhere else
		if (request.getHeader("X-Forwarded-For") != null || request.getHeader("Forwarded") != null
				|| !InetAddress.getByName(request.getRemoteAddr()).isLoopbackAddress()) {
			Problems.write(response, HttpStatus.FORBIDDEN, "forbidden",
					"Demo tokens are given only to callers on this machine.");
			return null;
		}
		List<String> roles = (role != null) ? role.stream().filter(ROLES_GIVEN::contains).toList() : List.of();
		Instant now = Instant.now();
		Instant expiresAt = now.plus(this.properties.demoTokens().lifetime());
		JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
			.subject(sub)
			.issuedAt(now)
			.expiresAt(expiresAt)
			.claim(this.properties.orgAdminClaim(), (org != null) ? org : List.of())
			.claim(this.properties.rolesClaim(), roles);
		if (StringUtils.hasText(this.properties.issuer())) {
			claims.issuer(this.properties.issuer());
		}
		if (StringUtils.hasText(this.properties.audience())) {
			claims.audience(List.of(this.properties.audience()));
		}
		JwsHeader header = JwsHeader.with(JwtConfig.macAlgorithm(this.properties)).type("JWT").build();
		String token = this.encoder.encode(JwtEncoderParameters.from(header, claims.build())).getTokenValue();
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noStore())
			.body(new DemoToken(token, expiresAt, this.imagesUrl));
	}

	/**
	 * A demo token and when it expires.
	 *
	 * @param token the bearer token
	 * @param expiresAt its expiry
	 * @param imagesUrl where serving-api answers images and their metadata, so that the
	 * demo pages read the current image from there
	 */
	record DemoToken(String token, Instant expiresAt, URI imagesUrl) {

	}

}
