package io.imagepipe.e2e.ops;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
	 * Run a PostgreSQL client tool against the server (the container's own when the tests
	 * run on containers: {@link TestInfrastructure#postgresClient}).
	 * @param tool such as {@code pg_restore}
	 * @param input a file for its standard input, or {@code null}
	 * @param output a file for its standard output, or {@code null} to return it
	 * @param arguments its arguments after the connection options
	 * @return what it printed, when not written to {@code output}
	 * @throws IOException when it cannot be run or exits with an error
	 * @throws InterruptedException when interrupted
	 */
	String run(String tool, Path input, Path output, String... arguments) throws IOException, InterruptedException {
		List<String> command = this.infrastructure.postgresClient(tool, arguments);
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment().put("PGPASSWORD", this.infrastructure.password());
		if (input != null) {
			builder.redirectInput(input.toFile());
		}
		Path errors = Files.createTempFile("imagepipe-" + tool, ".err");
		builder.redirectError(errors.toFile());
		if (output != null) {
			builder.redirectOutput(output.toFile());
		}
		Process process = builder.start();
		String printed = (output != null) ? ""
				: new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IOException(String.join(" ", command) + " failed:\n" + printed + Files.readString(errors));
		}
		return printed;
	}

	/**
	 * Dump the test database in pg_dump's custom format, as operations.md says to.
	 * @param file the dump file
	 * @throws IOException when pg_dump fails
	 * @throws InterruptedException when interrupted
	 */
	void dump(Path file) throws IOException, InterruptedException {
		run("pg_dump", null, file, "--format=custom", "--no-owner", database());
	}

	void execute(String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), this.infrastructure.user(),
				this.infrastructure.password()); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}
