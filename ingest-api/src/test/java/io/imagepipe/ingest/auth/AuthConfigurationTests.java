package io.imagepipe.ingest.auth;

import java.util.LinkedHashMap;
import java.util.Map;

import io.imagepipe.ingest.IngestApplication;
import io.imagepipe.testsupport.TestInfrastructure;
import io.imagepipe.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The real application, started as {@code java -jar} starts it (command-line arguments
 * win over {@code application.yml}), refuses to start unless exactly one safe way to
 * check bearer tokens is configured. It runs on a database and broker namespace of its
 * own.
 */
class AuthConfigurationTests {

	private static final String EXACTLY_ONE = "Configure exactly one way to check bearer tokens";

	private static final TestInfrastructure infrastructure = TestInfrastructure.create();

	@Test
	void startsWithTheSecretAlone() {
		try (ConfigurableApplicationContext context = start(Map.of())) {
			assertThat(context.isRunning()).isTrue();
		}
	}

	@Test
	void refusesToStartWithNeitherASecretNorAnIdentityProvider() {
		assertThatException().isThrownBy(() -> start(Map.of("imagepipe.auth.jwt-secret", "")))
			.withRootCauseInstanceOf(IllegalStateException.class)
			.havingRootCause()
			.withMessageContaining(EXACTLY_ONE)
			.withMessageContaining("JWT_SECRET");
	}

	@Test
	void refusesToStartWithASecretAndAJwkSet() {
		assertThatException().isThrownBy(() -> start(Map.of("imagepipe.auth.jwk-set-uri", "http://127.0.0.1:9/certs")))
			.havingRootCause()
			.withMessageContaining(EXACTLY_ONE);
	}

	@Test
	void refusesToStartWithASecretAndAnIssuer() {
		assertThatException().isThrownBy(() -> start(Map.of("imagepipe.auth.issuer", "https://id.example.test/")))
			.havingRootCause()
			.withMessageContaining(EXACTLY_ONE);
	}

	@Test
	void refusesToStartWithASecretShorterThan32Bytes() {
		String secret = "s".repeat(31);
		assertThatException().isThrownBy(() -> start(Map.of("imagepipe.auth.jwt-secret", secret)))
			.havingRootCause()
			.withMessageContaining("must be at least 32 bytes")
			.withMessageNotContaining(secret);
	}

	@Test
	void refusesToStartWithAnAlgorithmThatIsNotHmac() {
		assertThatException().isThrownBy(() -> start(Map.of("imagepipe.auth.jwt-algorithm", "RS256")))
			.havingRootCause()
			.withMessageContaining("must be HS256, HS384 or HS512");
	}

	@Test
	void refusesToGiveDemoTokensWithoutASecretToSignThem() {
		assertThatException()
			.isThrownBy(() -> start(Map.of("imagepipe.auth.jwt-secret", "", "imagepipe.auth.jwk-set-uri",
					"http://127.0.0.1:9/certs", "spring.profiles.active", "local")))
			.havingRootCause()
			.withMessageContaining("demo-tokens.enabled needs an HMAC secret");
	}

	/**
	 * Start ingest-api on a free port with the tests' settings, changed by the given
	 * ones, as command-line arguments.
	 */
	private static ConfigurableApplicationContext start(Map<String, String> changes) {
		Map<String, String> settings = new LinkedHashMap<>(infrastructure.properties());
		settings.put("imagepipe.auth.jwt-secret", TestTokens.SECRET);
		settings.put("server.port", "0");
		settings.put("imagepipe.messaging.relay-interval", "1h");
		settings.putAll(changes);
		String[] arguments = settings.entrySet()
			.stream()
			.map((setting) -> "--" + setting.getKey() + "=" + setting.getValue())
			.toArray(String[]::new);
		return new SpringApplicationBuilder(IngestApplication.class).run(arguments);
	}

}
