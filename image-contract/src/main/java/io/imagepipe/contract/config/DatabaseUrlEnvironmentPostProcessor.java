package io.imagepipe.contract.config;

import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Lets every service take {@code DATABASE_URL} in the {@code postgres://} form that
 * hosting platforms set, as well as a JDBC URL: the value is rewritten to its JDBC form,
 * and the user and password it carries become {@code DATABASE_USER} and
 * {@code DATABASE_PASSWORD} unless those are set. Registered in
 * {@code META-INF/spring.factories}.
 */
public class DatabaseUrlEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String SOURCE = "imagepipeDatabaseUrl";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String value = environment.getProperty("DATABASE_URL");
		if (value == null || !DatabaseUrl.isPlatformUrl(value)) {
			return;
		}
		DatabaseUrl url = DatabaseUrl.parse(value);
		Map<String, Object> properties = new HashMap<>();
		properties.put("DATABASE_URL", url.jdbcUrl());
		if (url.user() != null && !environment.containsProperty("DATABASE_USER")) {
			properties.put("DATABASE_USER", url.user());
		}
		if (url.password() != null && !environment.containsProperty("DATABASE_PASSWORD")) {
			properties.put("DATABASE_PASSWORD", url.password());
		}
		environment.getPropertySources().addFirst(new MapPropertySource(SOURCE, properties));
	}

	@Override
	public int getOrder() {
		// after the system environment is in place, before configuration files are read
		return Ordered.HIGHEST_PRECEDENCE + 20;
	}

}
