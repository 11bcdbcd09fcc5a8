package io.imagepipe.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.rabbitmq.RabbitMQContainer;

/**
 * Real PostgreSQL and RabbitMQ for tests, isolated per JVM: a fresh database and a fresh
 * broker namespace (the prefix of every exchange and queue name), dropped when the JVM
 * exits.
 *
 * <p>
 * The servers are the local ones ({@code DATABASE_HOST}/{@code DATABASE_PORT}/
 * {@code DATABASE_USER}/{@code DATABASE_PASSWORD}, as the services and scripts read them,
 * else libpq's {@code PGHOST}/{@code PGPORT}/{@code PGUSER},
 * {@code RABBITMQ_HOST}/{@code RABBITMQ_PORT}, defaulting to 127.0.0.1 with the standard
 * ports) unless {@code IMAGEPIPE_TEST_CONTAINERS=true} and a Docker engine answers, in
 * which case Testcontainers starts them, from the images of {@link ContainerImages}, once
 * per JVM; they are stopped when the JVM exits (Ryuk is off where no registry has its
 * image), and the databases and namespaces in them go with them.
 */
public final class TestInfrastructure {

	private static TestInfrastructure instance;

	private final String host;

	private final int port;

	private final String user;

	private final String password;

	private final String database;

	private final String rabbitHost;

	private final int rabbitPort;

	private final String namespace;

	private final Servers servers;

	private TestInfrastructure(Servers servers) {
		String run = UUID.randomUUID().toString().replace("-", "").substring(0, 10).toLowerCase(Locale.ROOT);
		this.host = servers.pgHost();
		this.port = servers.pgPort();
		this.user = servers.pgUser();
		this.password = servers.pgPassword();
		this.database = "imagepipe_test_" + run;
		this.rabbitHost = servers.rabbitHost();
		this.rabbitPort = servers.rabbitPort();
		this.namespace = "imagepipe-test-" + run;
		this.servers = servers;
		execute("postgres", "CREATE DATABASE " + this.database);
		if (!servers.inContainers()) {
			Runtime.getRuntime().addShutdownHook(new Thread(this::dropAll, "test-infrastructure-cleanup"));
		}
	}

	/**
	 * The infrastructure of this JVM, created on first use.
	 * @return the shared instance
	 */
	public static synchronized TestInfrastructure get() {
		if (instance == null) {
			instance = new TestInfrastructure(Servers.find());
		}
		return instance;
	}

	/**
	 * A further database and namespace, on the same servers as {@link #get()}, for tests
	 * that run a second set of services beside the shared one. Dropped at exit too.
	 * @return a new, isolated instance
	 */
	public static TestInfrastructure create() {
		TestInfrastructure shared = get();
		return new TestInfrastructure(shared.servers);
	}

	/**
	 * The settings that point a service at the isolated database and namespace, and the
	 * HMAC secret of {@link TestTokens}, as Spring property names: what
	 * {@link ImagepipeTest @ImagepipeTest} gives a test's context, and the end-to-end
	 * tests give the services they start.
	 * @return the properties
	 */
	public Map<String, String> properties() {
		return Map.of("spring.datasource.url", jdbcUrl(), "spring.datasource.username", this.user,
				"spring.datasource.password", this.password, "spring.rabbitmq.host", this.rabbitHost,
				"spring.rabbitmq.port", String.valueOf(this.rabbitPort), "imagepipe.messaging.namespace",
				this.namespace, "imagepipe.auth.jwt-secret", TestTokens.SECRET);
	}

	public String jdbcUrl() {
		return "jdbc:postgresql://" + this.host + ":" + this.port + "/" + this.database;
	}

	public String database() {
		return this.database;
	}

	public String user() {
		return this.user;
	}

	public String password() {
		return this.password;
	}

	public String namespace() {
		return this.namespace;
	}

	public String rabbitHost() {
		return this.rabbitHost;
	}

	public int rabbitPort() {
		return this.rabbitPort;
	}

	/**
	 * The command line that runs {@code rabbitmqctl} on this broker, for tests that stop
	 * and start it as an operator would: the local node's {@code rabbitmqctl}, or the
	 * container's through {@code docker exec}, so that such a test never stops the host's
	 * broker when the tests run on containers.
	 * @param arguments the rabbitmqctl command and its arguments
	 * @return the command line
	 */
	public List<String> rabbitmqctl(String... arguments) {
		List<String> command = new ArrayList<>();
		if (this.servers.inContainers()) {
			command.addAll(List.of("docker", "exec", this.servers.brokerContainer()));
		}
		command.add("rabbitmqctl");
		command.addAll(List.of(arguments));
		return command;
	}

	/**
	 * The command line that runs a PostgreSQL client tool ({@code pg_dump},
	 * {@code pg_restore}, {@code psql}) against this server, as the tests' user: the
	 * local tool, or the container's own through {@code docker exec -i} when the tests
	 * run on containers, so that the tool's version always matches the server's. Files go
	 * through standard input and output, which both ways share.
	 * @param tool the tool
	 * @param arguments its arguments after the connection options
	 * @return the command line; {@code PGPASSWORD} must be in its environment
	 */
	public List<String> postgresClient(String tool, String... arguments) {
		List<String> command = new ArrayList<>();
		if (this.servers.databaseContainer() != null) {
			command.addAll(List.of("docker", "exec", "-i", "-e", "PGPASSWORD=" + this.password,
					this.servers.databaseContainer(), tool, "-h", "127.0.0.1", "-p", "5432"));
		}
		else {
			command.addAll(List.of(tool, "-h", this.host, "-p", String.valueOf(this.port)));
		}
		command.addAll(List.of("-U", this.user));
		command.addAll(List.of(arguments));
		return command;
	}

	/**
	 * Open a plain AMQP connection to the broker, for tests that inspect queues.
	 * @return a new connection; the caller closes it
	 * @throws Exception when the broker cannot be reached
	 */
	public com.rabbitmq.client.Connection openBrokerConnection() throws Exception {
		ConnectionFactory factory = new ConnectionFactory();
		factory.setHost(this.rabbitHost);
		factory.setPort(this.rabbitPort);
		return factory.newConnection("imagepipe-tests");
	}

	/**
	 * Open a JDBC connection to the isolated database.
	 * @return a new connection; the caller closes it
	 * @throws SQLException when the database cannot be reached
	 */
	public Connection openDatabaseConnection() throws SQLException {
		return DriverManager.getConnection(jdbcUrl(), this.user, this.password);
	}

	private void dropAll() {
		try {
			execute("postgres", "DROP DATABASE IF EXISTS " + this.database + " WITH (FORCE)");
		}
		catch (RuntimeException ex) {
			System.err.println("Could not drop test database " + this.database + ": " + ex.getMessage());
		}
		deleteBrokerObjects();
	}

	private void deleteBrokerObjects() {
		try (com.rabbitmq.client.Connection connection = openBrokerConnection();
				Channel channel = connection.createChannel()) {
			for (String suffix : new String[] { ".compress", ".compress.parked", ".compress.retry.1",
					".compress.retry.2", ".compress.retry.3", ".compress.retry.4", ".compress.retry.5" }) {
				channel.queueDelete(this.namespace + suffix);
			}
			channel.exchangeDelete(this.namespace + ".jobs");
			channel.exchangeDelete(this.namespace + ".jobs.dlx");
		}
		catch (Exception ex) {
			System.err.println("Could not delete test broker objects of " + this.namespace + ": " + ex.getMessage());
		}
	}

	private void execute(String db, String sql) {
		String url = "jdbc:postgresql://" + this.host + ":" + this.port + "/" + db;
		try (Connection connection = DriverManager.getConnection(url, this.user, this.password);
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("PostgreSQL at " + this.host + ":" + this.port + " refused: " + sql, ex);
		}
	}

	/**
	 * Where the servers are. Containers are stopped at exit with everything in them, so
	 * nothing needs dropping there.
	 */
	private record Servers(String pgHost, int pgPort, String pgUser, String pgPassword, String rabbitHost,
			int rabbitPort, String brokerContainer, String databaseContainer) {

		boolean inContainers() {
			return this.brokerContainer != null;
		}

		static Servers find() {
			if (Boolean.parseBoolean(System.getenv("IMAGEPIPE_TEST_CONTAINERS"))
					&& DockerClientFactory.instance().isDockerAvailable()) {
				return containers();
			}
			// the names the services and bin/ scripts read, then libpq's own
			return new Servers(env("DATABASE_HOST", env("PGHOST", "127.0.0.1")),
					Integer.parseInt(env("DATABASE_PORT", env("PGPORT", "5432"))),
					env("DATABASE_USER", env("PGUSER", "postgres")), env("DATABASE_PASSWORD", env("PGPASSWORD", "")),
					env("RABBITMQ_HOST", "127.0.0.1"), Integer.parseInt(env("RABBITMQ_PORT", "5672")), null, null);
		}

		@SuppressWarnings("resource")
		private static Servers containers() {
			PostgreSQLContainer postgres = new PostgreSQLContainer(ContainerImages.postgres()).withCommand("postgres",
					"-c", "fsync=off", "-c", "max_connections=300");
			RabbitMQContainer rabbit = new RabbitMQContainer(ContainerImages.rabbitmq());
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				rabbit.stop();
				postgres.stop();
			}, "test-containers-stop"));
			postgres.start();
			rabbit.start();
			return new Servers(postgres.getHost(), postgres.getMappedPort(5432), postgres.getUsername(),
					postgres.getPassword(), rabbit.getHost(), rabbit.getAmqpPort(), rabbit.getContainerId(),
					postgres.getContainerId());
		}

		private static String env(String name, String fallback) {
			String value = System.getenv(name);
			return (value == null || value.isBlank()) ? fallback : value;
		}

	}

}
