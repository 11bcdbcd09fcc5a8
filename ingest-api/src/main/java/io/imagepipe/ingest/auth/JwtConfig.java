package io.imagepipe.ingest.auth;

import javax.crypto.SecretKey;

import io.imagepipe.web.security.BearerTokens;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;

/**
 * Checks bearer tokens as every service that takes them does ({@link BearerTokens}):
 * their signature with the HMAC secret or the identity provider's keys, that they carry a
 * subject and an expiry that has not passed, and their issuer and audience when those are
 * configured. Refuses to start when no way to check signatures, or both, are configured,
 * or when the secret is too short to be safe.
 */
@Configuration(proxyBeanMethods = false)
class JwtConfig {

	@Bean
	JwtDecoder jwtDecoder(AuthProperties properties) {
		return BearerTokens.decoder(properties.tokens());
	}

	@Bean
	JwtAuthenticationConverter jwtAuthenticationConverter(AuthProperties properties) {
		JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
		converter.setJwtGrantedAuthoritiesConverter((jwt) -> new Caller(jwt, properties).authorities());
		converter.setPrincipalClaimName(JwtClaimNames.SUB);
		return converter;
	}

	static SecretKey secretKey(AuthProperties properties) {
		return BearerTokens.secretKey(properties.tokens());
	}

	static MacAlgorithm macAlgorithm(AuthProperties properties) {
		return BearerTokens.macAlgorithm(properties.tokens());
	}

}
