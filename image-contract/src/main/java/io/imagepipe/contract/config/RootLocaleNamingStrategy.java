package io.imagepipe.contract.config;

import java.util.Locale;

import org.springframework.data.relational.core.mapping.NamingStrategy;
import org.springframework.data.relational.core.mapping.RelationalPersistentProperty;

/**
 * Spring Data JDBC's names for tables and columns ({@code ownerId} → {@code owner_id}),
 * lower-cased in the root locale. The default strategy lower-cases in the JVM's default
 * locale, so under a Turkish locale {@code ownerId} became {@code owner_ıd} (dotless i),
 * a column that does not exist.
 */
public class RootLocaleNamingStrategy implements NamingStrategy {

	@Override
	public String getTableName(Class<?> type) {
		return snakeCase(type.getSimpleName());
	}

	@Override
	public String getColumnName(RelationalPersistentProperty property) {
		return snakeCase(property.getName());
	}

	/**
	 * Turn a Java name into a database name.
	 * @param name a camel-case name, such as {@code resultSha256}
	 * @return the lower-case name with underscores, such as {@code result_sha256}
	 */
	static String snakeCase(String name) {
		return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
	}

}
