package io.imagepipe.bench.env;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;

class BearerTokensTests {

	@Test
	void aServiceTokenChecksOutWithTheRunsSecretAsIngestApiChecksIt() {
		BearerTokens tokens = BearerTokens.random();

		Jwt jwt = decoder(tokens.secret()).decode(tokens.service());

		assertThat(jwt.getSubject()).isEqualTo("imagepipe-bench");
		assertThat(jwt.getClaimAsStringList("roles")).containsExactly("service");
		assertThat(Duration.between(Instant.now(), jwt.getExpiresAt()).toMinutes()).isCloseTo(120, within(1L));
	}

	@Test
	void everyRunHasASecretOfItsOwnAtLeast32BytesLong() {
		BearerTokens first = BearerTokens.random();
		BearerTokens second = BearerTokens.random();

		assertThat(first.secret()).isNotEqualTo(second.secret());
		assertThat(first.secret().getBytes(StandardCharsets.UTF_8)).hasSizeGreaterThanOrEqualTo(32);
		assertThatExceptionOfType(BadJwtException.class)
			.isThrownBy(() -> decoder(second.secret()).decode(first.service()));
	}

	private static NimbusJwtDecoder decoder(String secret) {
		return NimbusJwtDecoder.withSecretKey(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
			.macAlgorithm(MacAlgorithm.HS256)
			.build();
	}

}
