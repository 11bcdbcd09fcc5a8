package io.imagepipe.bench.env;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import io.imagepipe.contract.JobTopology;

/**
 * A database ({@code imagepipe_bench_<random>}) and a broker namespace
 * ({@code imagepipe-bench-<random>}) of the run's own on the local PostgreSQL and
 * RabbitMQ, dropped when the run ends. The servers come from {@code PGHOST},
 * {@code PGPORT}, {@code PGUSER}, {@code PGPASSWORD}, {@code RABBITMQ_HOST} and
 * {@code RABBITMQ_PORT}, as for the tests.
 */
public final class Isolation implements AutoCloseable {

	private final String pgHost = env("PGHOST", "127.0.0.1");

	private final String pgPort = env("PGPORT", "5432");

	private final String user = env("PGUSER", "postgres");

	private final String password = env("PGPASSWORD", "");

	private final String rabbitHost = env("RABBITMQ_HOST", "127.0.0.1");

	private final String rabbitPort = env("RABBITMQ_PORT", "5672");

	private final String database;

	private final String namespace;

	private final Thread dropOnExit = new Thread(this::close, "bench-drop-database");

	private volatile boolean closed;

	private Isolation(String run) {
		this.database = "imagepipe_bench_" + run;
		this.namespace = "imagepipe-bench-" + run;
	}

	/**
	 * Create the database; the namespace is created by the services as they start.
	 * @return the isolation, to close at the end of the run
	 */
	public static Isolation create() {
		String run = UUID.randomUUID().toString().replace("-", "").substring(0, 10).toLowerCase(Locale.ROOT);
		Isolation isolation = new Isolation(run);
		isolation.execute("postgres", "CREATE DATABASE " + isolation.database);
		// also when the run is interrupted (Ctrl-C)
		Runtime.getRuntime().addShutdownHook(isolation.dropOnExit);
		return isolation;
	}

	/**
	 * The settings that point a service at this database and namespace.
	 * @return environment variables, as docs/configuration.md names them
	 */
	public Map<String, String> environment() {
		return Map.of("DATABASE_URL", jdbcUrl(this.database), "DATABASE_USER", this.user, "DATABASE_PASSWORD",
				this.password, "RABBITMQ_HOST", this.rabbitHost, "RABBITMQ_PORT", this.rabbitPort,
				"MESSAGING_NAMESPACE", this.namespace);
	}

	/**
	 * Open a connection to the run's database.
	 * @return a new connection; the caller closes it
	 * @throws SQLException when the database cannot be reached
	 */
	public Connection connect() throws SQLException {
		return connect(Map.of());
	}

	/**
	 * Open a connection to the run's database with driver properties of its own.
	 * @param driverProperties pgjdbc's connection properties, added to the credentials
	 * @return a new connection; the caller closes it
	 * @throws SQLException when the database cannot be reached
	 */
	public Connection connect(Map<String, String> driverProperties) throws SQLException {
		Properties properties = new Properties();
		properties.putAll(driverProperties);
		properties.setProperty("user", this.user);
		properties.setProperty("password", this.password);
		return DriverManager.getConnection(jdbcUrl(this.database), properties);
	}

	/**
	 * Run a query that returns one number.
	 * @param sql the query
	 * @return the number in the first column of the first row, or 0
	 */
	public long number(String sql) {
		try (Connection connection = connect();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			return result.next() ? result.getLong(1) : 0;
		}
		catch (SQLException ex) {
			throw new IllegalStateException(sql + " failed: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Write every dirty page of the server out now ({@code CHECKPOINT}), so that a
	 * measurement that writes to the database starts with no checkpoint under way, one
	 * that the writes of the measurement before it (the storage floor's gigabyte of WAL,
	 * or an earlier figure's) would otherwise start during it.
	 */
	public void checkpoint() {
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			statement.execute("CHECKPOINT");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("CHECKPOINT failed: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Wait until no upload is queued or processing.
	 * @param timeout how long to wait at most
	 * @return whether the queue drained in time
	 */
	public boolean awaitIdle(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (number("SELECT count(*) FROM uploads WHERE status IN ('queued', 'processing')") > 0) {
			if (System.nanoTime() > deadline) {
				return false;
			}
			Sleep.millis(100);
		}
		return true;
	}

	/**
	 * The server's version, for the record.
	 * @return such as {@code 15.20}
	 */
	public String postgresVersion() {
		try (Connection connection = connect();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SHOW server_version")) {
			return result.next() ? result.getString(1).split(" ")[0] : "?";
		}
		catch (SQLException ex) {
			return "?";
		}
	}

	@Override
	public synchronized void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		try {
			Runtime.getRuntime().removeShutdownHook(this.dropOnExit);
		}
		catch (IllegalStateException ex) {
			// shutting down: this is the hook
		}
		try {
			execute("postgres", "DROP DATABASE IF EXISTS " + this.database + " WITH (FORCE)");
		}
		catch (RuntimeException ex) {
			System.err.println("Could not drop " + this.database + ": " + ex.getMessage());
		}
		ConnectionFactory factory = new ConnectionFactory();
		factory.setHost(this.rabbitHost);
		factory.setPort(Integer.parseInt(this.rabbitPort));
		JobTopology topology = new JobTopology(this.namespace, 1, List.of(Duration.ofSeconds(2), Duration.ofSeconds(10),
				Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(300)));
		try (com.rabbitmq.client.Connection connection = factory.newConnection("imagepipe-bench-cleanup");
				Channel channel = connection.createChannel()) {
			List<String> queues = new ArrayList<>(topology.retryQueues());
			queues.add(topology.workQueue());
			queues.add(topology.parkedQueue());
			for (String queue : queues) {
				channel.queueDelete(queue);
			}
			channel.exchangeDelete(topology.exchange());
			channel.exchangeDelete(topology.deadLetterExchange());
		}
		catch (Exception ex) {
			System.err.println("Could not delete the broker objects of " + this.namespace + ": " + ex.getMessage());
		}
	}

	private String jdbcUrl(String db) {
		return "jdbc:postgresql://" + this.pgHost + ":" + this.pgPort + "/" + db;
	}

	private void execute(String db, String sql) {
		try (Connection connection = DriverManager.getConnection(jdbcUrl(db), this.user, this.password);
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(
					"PostgreSQL at " + this.pgHost + ":" + this.pgPort + " refused " + sql + ": " + ex.getMessage(),
					ex);
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value == null || value.isBlank()) ? fallback : value;
	}

}
