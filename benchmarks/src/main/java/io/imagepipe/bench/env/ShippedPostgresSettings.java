package io.imagepipe.bench.env;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The run's PostgreSQL with the settings {@code infra/docker-compose.yml} ships it with
 * ({@code postgres -c name=value}), as far as a reload can apply them: the write path's
 * {@code max_wal_size}, {@code min_wal_size}, {@code checkpoint_timeout} and
 * {@code checkpoint_completion_target} are set with {@code ALTER SYSTEM} and a reload for
 * the run, and put back as they were when it ends (also on Ctrl-C). Those that need a
 * restart ({@code shared_buffers}, {@code wal_buffers}, {@code max_connections}) stay the
 * machine's, and the report says so. Without this, a machine's PostgreSQL with the
 * default {@code max_wal_size} of 1 GB checkpointed every 3 to 4 seconds under one
 * client's 2 MB uploads, and the uploads committing during a checkpoint's sync waited 100
 * to 550 ms.
 */
public final class ShippedPostgresSettings implements AutoCloseable {

	private static final Pattern OPTION = Pattern.compile("\"-c\",\\s*\"([a-z_]+)=([^\"]+)\"");

	private static final String AUTO_CONF = "postgresql.auto.conf";

	private final Isolation isolation;

	/** The applied settings, each with what ALTER SYSTEM held before, if anything. */
	private final Map<String, Optional<String>> previous = new LinkedHashMap<>();

	private final String description;

	private final Thread restoreOnExit = new Thread(this::close, "bench-restore-postgres-settings");

	private volatile boolean closed;

	private ShippedPostgresSettings(Isolation isolation, Map<String, String> shipped) {
		this.isolation = isolation;
		List<String> applied = new ArrayList<>();
		List<String> kept = new ArrayList<>();
		Map<String, String> expected = new LinkedHashMap<>();
		try (Connection connection = isolation.connect()) {
			for (Map.Entry<String, String> setting : shipped.entrySet()) {
				String name = setting.getKey();
				if (!"sighup".equals(query(connection, "SELECT context FROM pg_settings WHERE name = ?", name))) {
					kept.add(name + " " + show(connection, name));
					continue;
				}
				this.previous.put(name,
						Optional.ofNullable(query(connection,
								"SELECT setting FROM pg_file_settings WHERE name = ? AND sourcefile LIKE '%/"
										+ AUTO_CONF + "' ORDER BY seqno DESC LIMIT 1",
								name)));
				alterSystem(connection, name, setting.getValue());
				applied.add(name + " " + setting.getValue());
				expected.put(name, setting.getValue());
			}
			reload(connection);
			awaitSeen(expected);
		}
		catch (SQLException ex) {
			close();
			throw new IllegalStateException("Could not set PostgreSQL's settings for the run: " + ex.getMessage(), ex);
		}
		Runtime.getRuntime().addShutdownHook(this.restoreOnExit);
		this.description = "- PostgreSQL for the run, as infra/docker-compose.yml ships it: "
				+ String.join(", ", applied)
				+ (kept.isEmpty() ? "" : "; the machine's, as they need a restart: " + String.join(", ", kept));
	}

	/**
	 * Apply the settings of the compose file's PostgreSQL that a reload applies.
	 * @param compose the compose file
	 * @param isolation the run's database, to connect through (the settings are the
	 * server's)
	 * @return the settings, to close at the end of the run
	 */
	public static ShippedPostgresSettings apply(Path compose, Isolation isolation) {
		try {
			return new ShippedPostgresSettings(isolation, fromCompose(Files.readString(compose)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The {@code -c name=value} options of a compose file's {@code postgres} command.
	 * @param compose the compose file's text
	 * @return the settings, in their order
	 */
	static Map<String, String> fromCompose(String compose) {
		Map<String, String> settings = new LinkedHashMap<>();
		Matcher matcher = OPTION.matcher(compose);
		while (matcher.find()) {
			settings.put(matcher.group(1), matcher.group(2));
		}
		if (settings.isEmpty()) {
			throw new IllegalStateException("The compose file gives PostgreSQL no -c settings");
		}
		return settings;
	}

	/**
	 * What was applied and what was not, a line for the report.
	 * @return the line
	 */
	public String description() {
		return this.description;
	}

	@Override
	public synchronized void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		try {
			Runtime.getRuntime().removeShutdownHook(this.restoreOnExit);
		}
		catch (IllegalStateException ex) {
			// shutting down: this is the hook, or it was never added
		}
		try (Connection connection = this.isolation.connect()) {
			for (Map.Entry<String, Optional<String>> setting : this.previous.entrySet()) {
				if (setting.getValue().isPresent()) {
					alterSystem(connection, setting.getKey(), setting.getValue().get());
				}
				else {
					try (Statement statement = connection.createStatement()) {
						statement.execute("ALTER SYSTEM RESET " + setting.getKey());
					}
				}
			}
			reload(connection);
		}
		catch (SQLException ex) {
			System.err.println("Could not put PostgreSQL's settings back (" + String.join(", ", this.previous.keySet())
					+ "): " + ex.getMessage());
		}
	}

	private static void alterSystem(Connection connection, String name, String value) throws SQLException {
		// ALTER SYSTEM takes no parameters; the name comes from the compose file's
		// pattern (letters and underscores) and the value is quoted
		try (Statement statement = connection.createStatement()) {
			statement.execute("ALTER SYSTEM SET " + name + " = '" + value.replace("'", "''") + "'");
		}
	}

	private static void reload(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute("SELECT pg_reload_conf()");
		}
	}

	/**
	 * Wait until a new session sees the settings (a reload reaches the server's processes
	 * shortly after it is asked for).
	 */
	private void awaitSeen(Map<String, String> expected) throws SQLException {
		long deadline = System.nanoTime() + 5_000_000_000L;
		while (true) {
			try (Connection fresh = this.isolation.connect()) {
				boolean seen = true;
				for (Map.Entry<String, String> setting : expected.entrySet()) {
					seen &= setting.getValue().equals(show(fresh, setting.getKey()));
				}
				if (seen) {
					return;
				}
			}
			if (System.nanoTime() > deadline) {
				throw new SQLException("PostgreSQL did not take " + expected + " within 5 s of a reload");
			}
			Sleep.millis(50);
		}
	}

	private static String show(Connection connection, String name) throws SQLException {
		return query(connection, "SELECT current_setting(?)", name);
	}

	private static String query(Connection connection, String sql, String parameter) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setString(1, parameter);
			try (ResultSet result = statement.executeQuery()) {
				return result.next() ? result.getString(1) : null;
			}
		}
	}

}
