package io.imagepipe.contract.config;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DatabaseUrlTests {

	@Test
	void takesAJdbcUrlAsItIs() {
		DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://db:5432/imagepipe?ssl=true");

		assertThat(url).isEqualTo(new DatabaseUrl("jdbc:postgresql://db:5432/imagepipe?ssl=true", null, null));
	}

	@Test
	void turnsAHostingPlatformUrlIntoJdbcAndCredentials() {
		DatabaseUrl url = DatabaseUrl.parse("postgres://app:s%40cr%3Aet@db.example.com:6543/images?sslmode=require");

		assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:6543/images?sslmode=require");
		assertThat(url.user()).isEqualTo("app");
		assertThat(url.password()).isEqualTo("s@cr:et");
	}

	@Test
	void acceptsThePostgresqlSchemeWithoutPortOrCredentials() {
		DatabaseUrl url = DatabaseUrl.parse("postgresql://db/imagepipe");

		assertThat(url).isEqualTo(new DatabaseUrl("jdbc:postgresql://db/imagepipe", null, null));
	}

	@Test
	void refusesAnythingElse() {
		assertThatIllegalArgumentException().isThrownBy(() -> DatabaseUrl.parse("mysql://db/imagepipe"))
			.withMessageContaining("DATABASE_URL must be");
	}

	@Test
	void servicesSeeTheJdbcFormAndTheCredentialsOfAPlatformUrl() {
		MockEnvironment environment = environment(Map.of("DATABASE_URL", "postgres://app:pw@db:5432/images"));

		new DatabaseUrlEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("DATABASE_URL")).isEqualTo("jdbc:postgresql://db:5432/images");
		assertThat(environment.getProperty("DATABASE_USER")).isEqualTo("app");
		assertThat(environment.getProperty("DATABASE_PASSWORD")).isEqualTo("pw");
	}

	@Test
	void explicitCredentialsWinOverTheUrls() {
		MockEnvironment environment = environment(
				Map.of("DATABASE_URL", "postgres://app:pw@db:5432/images", "DATABASE_USER", "other"));

		new DatabaseUrlEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("DATABASE_USER")).isEqualTo("other");
		assertThat(environment.getProperty("DATABASE_PASSWORD")).isEqualTo("pw");
	}

	@Test
	void leavesAJdbcUrlAlone() {
		MockEnvironment environment = environment(Map.of("DATABASE_URL", "jdbc:postgresql://db/images"));

		new DatabaseUrlEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getPropertySources().contains(DatabaseUrlEnvironmentPostProcessor.SOURCE)).isFalse();
	}

	/**
	 * An environment with these values only: not this machine's environment variables,
	 * which may well set {@code DATABASE_USER} (bin/test does).
	 */
	private static MockEnvironment environment(Map<String, Object> values) {
		MockEnvironment environment = new MockEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", values));
		return environment;
	}

}
