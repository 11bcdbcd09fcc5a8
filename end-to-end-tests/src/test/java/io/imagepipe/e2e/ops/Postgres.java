package io.imagepipe.e2e.ops;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.imagepipe.testsupport.TestInfrastructure;

/**
 * The PostgreSQL client tools and databases of the test server: {@code pg_dump} and
 * {@code pg_restore} run against the database of {@link TestInfrastructure}, as an
 * operator would run them against production.
 */
final class Postgres {

	private final TestInfrastructure infrastructure;

	private final URI server;

	Postgres(TestInfrastructure infrastructure) {
		this.infrastructure = infrastructure;
		this.server = URI.create(infrastructure.jdbcUrl().substring("jdbc:".length()));
	}

	String database() {
		return this.server.getPath().substring(1);
	}

	String jdbcUrl(String database) {
		return "jdbc:postgresql://" + this.server.getHost() + ":" + this.server.getPort() + "/" + database;
	}

	/**
	 * Run a PostgreSQL client tool against the server.
	 * @param tool such as {@code pg_dump}
	 * @param arguments its arguments after the connection options
	 * @return what it printed
	 * @throws IOException when it cannot be run or exits with an error
	 * @throws InterruptedException when interrupted
	 */
	String run(String tool, String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(tool, "-h", this.server.getHost(), "-p",
				String.valueOf(this.server.getPort()), "-U", this.infrastructure.user()));
		command.addAll(List.of(arguments));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().put("PGPASSWORD", this.infrastructure.password());
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IOException(String.join(" ", command) + " failed:\n" + output);
		}
		return output;
	}

	/**
	 * Dump the test database in pg_dump's custom format, as operations.md says to.
	 * @param file the dump file
	 * @throws IOException when pg_dump fails
	 * @throws InterruptedException when interrupted
	 */
	void dump(Path file) throws IOException, InterruptedException {
		run("pg_dump", "--format=custom", "--no-owner", "--file=" + file, database());
	}

	void execute(String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), this.infrastructure.user(),
				this.infrastructure.password()); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}
