package io.imagepipe.contract.config;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.data.relational.core.mapping.NamingStrategy;

/**
 * Gives every service that maps aggregates with Spring Data JDBC the
 * {@link RootLocaleNamingStrategy}, so that its column names do not depend on the
 * machine's locale.
 */
@AutoConfiguration(
		beforeName = "org.springframework.boot.data.jdbc.autoconfigure.DataJdbcRepositoriesAutoConfiguration")
@ConditionalOnClass(NamingStrategy.class)
public final class DataJdbcNamingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	NamingStrategy namingStrategy() {
		return new RootLocaleNamingStrategy();
	}

}
