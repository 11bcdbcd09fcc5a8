package io.imagepipe.contract.upload;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Gives every service that talks to the database the one {@link UploadTransitions}, on
 * the service's own {@link JdbcClient} (so that transitions join the caller's
 * transaction).
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration")
@ConditionalOnClass(JdbcClient.class)
public final class UploadTransitionsAutoConfiguration {

	@Bean
	@ConditionalOnBean(JdbcClient.class)
	@ConditionalOnMissingBean
	UploadTransitions uploadTransitions(JdbcClient jdbc) {
		return new UploadTransitions(jdbc);
	}

}
