package io.imagepipe.contract.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A database address as {@code DATABASE_URL} gives it: either a JDBC URL
 * ({@code jdbc:postgresql://host:5432/imagepipe}), taken as it is, or the
 * {@code postgres://user:password@host:port/database?sslmode=require} form that hosting
 * platforms (Heroku, Render, Fly.io, Railway) set, turned into a JDBC URL and the user
 * and password it carries.
 *
 * @param jdbcUrl the JDBC URL
 * @param user the user the URL names, or {@code null}
 * @param password the password the URL carries, or {@code null}
 */
public record DatabaseUrl(String jdbcUrl, String user, String password) {

	/**
	 * Read a {@code DATABASE_URL} value.
	 * @param value a JDBC URL or a {@code postgres://} / {@code postgresql://} URL
	 * @return the JDBC URL, and the credentials when the value carries them
	 * @throws IllegalArgumentException when the value is neither
	 */
	public static DatabaseUrl parse(String value) {
		String trimmed = value.strip();
		if (trimmed.startsWith("jdbc:")) {
			return new DatabaseUrl(trimmed, null, null);
		}
		if (!isPlatformUrl(trimmed)) {
			throw new IllegalArgumentException(
					"DATABASE_URL must be jdbc:postgresql://host:port/database or postgres://user:password@host:port/database");
		}
		URI uri;
		try {
			uri = new URI(trimmed);
		}
		catch (URISyntaxException ex) {
			throw new IllegalArgumentException("DATABASE_URL is not a URL: " + ex.getMessage(), ex);
		}
		if (uri.getHost() == null) {
			throw new IllegalArgumentException("DATABASE_URL names no host");
		}
		String database = (uri.getRawPath() == null || uri.getRawPath().length() <= 1) ? ""
				: uri.getRawPath().substring(1);
		StringBuilder jdbc = new StringBuilder("jdbc:postgresql://")
			.append(uri.getRawAuthority().substring(uri.getRawAuthority().lastIndexOf('@') + 1))
			.append('/')
			.append(database);
		if (uri.getRawQuery() != null) {
			jdbc.append('?').append(uri.getRawQuery());
		}
		String user = null;
		String password = null;
		if (uri.getRawUserInfo() != null) {
			String[] parts = uri.getRawUserInfo().split(":", 2);
			user = decode(parts[0]);
			password = (parts.length > 1) ? decode(parts[1]) : null;
		}
		return new DatabaseUrl(jdbc.toString(), user, password);
	}

	/**
	 * Whether a value is in the hosting platforms' form rather than a JDBC URL.
	 * @param value the value
	 * @return {@code true} for {@code postgres://} and {@code postgresql://}
	 */
	public static boolean isPlatformUrl(String value) {
		String trimmed = value.strip();
		return trimmed.startsWith("postgres://") || trimmed.startsWith("postgresql://");
	}

	private static String decode(String text) {
		return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
	}

}
