package io.imagepipe.e2e;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.rabbitmq.client.Channel;
import io.imagepipe.testsupport.TestInfrastructure;

/**
 * ingest-api and compression-worker as processes on a database and broker namespace of
 * their own, so that faults injected here never touch the other end-to-end tests. Any
 * process can be killed and started again.
 */
final class FaultCluster implements AutoCloseable {

	private static final Duration STARTUP = Duration.ofSeconds(90);

	private static final Pattern UPLOAD_ID = Pattern.compile("\"uploadId\":\"([0-9a-f-]{36})\"");

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final TestInfrastructure infrastructure = TestInfrastructure.create();

	private final Map<String, String> environment = new HashMap<>();

	private final int ingestPort;

	private final int workerPort;

	private ServiceProcess ingest;

	private ServiceProcess worker;

	FaultCluster() throws IOException {
		this.ingestPort = freePort();
		this.workerPort = freePort();
		this.environment.putAll(Map.of("DATABASE_URL", this.infrastructure.jdbcUrl(), "DATABASE_USER",
				this.infrastructure.user(), "DATABASE_PASSWORD", this.infrastructure.password(), "RABBITMQ_HOST",
				this.infrastructure.rabbitHost(), "RABBITMQ_PORT", String.valueOf(this.infrastructure.rabbitPort()),
				"MESSAGING_NAMESPACE", this.infrastructure.namespace(), "INGEST_PORT", String.valueOf(this.ingestPort),
				"WORKER_PORT", String.valueOf(this.workerPort), "JOB_DELIVERY_LIMIT", "2"));
		this.environment.putAll(Map.of("IMAGEPIPE_MESSAGING_RELAYINTERVAL", "500ms", "IMAGEPIPE_MESSAGING_RELAYGRACE",
				"1s", "IMAGEPIPE_MESSAGING_REPUBLISHAFTER", "30s", "WORKER_CONCURRENCY", "2"));
	}

	static FaultCluster start() throws IOException {
		FaultCluster cluster = new FaultCluster();
		try {
			cluster.startIngest();
			cluster.startWorker();
			return cluster;
		}
		catch (RuntimeException | Error | IOException ex) {
			cluster.close();
			throw ex;
		}
	}

	void startIngest() throws IOException {
		this.ingest = ServiceProcess.start("ingest-api", jar("ingest-api"), this.ingestPort, this.environment, logs());
		this.ingest.awaitHealthy(STARTUP);
	}

	void startWorker() throws IOException {
		launchWorker();
		this.worker.awaitHealthy(STARTUP);
	}

	/**
	 * Start a worker process without waiting for it to report healthy: it takes jobs as
	 * soon as its consumers are up.
	 */
	void launchWorker() throws IOException {
		this.worker = ServiceProcess.start("compression-worker", jar("compression-worker"), this.workerPort,
				this.environment, logs());
	}

	ServiceProcess worker() {
		return this.worker;
	}

	ServiceProcess ingest() {
		return this.ingest;
	}

	TestInfrastructure infrastructure() {
		return this.infrastructure;
	}

	/**
	 * Upload a raw image body as a client would, retrying while the service answers 503
	 * or is briefly unreachable.
	 * @param ownerId the owner
	 * @param bytes the image
	 * @return the accepted upload's id
	 */
	UUID upload(String ownerId, byte[] bytes) throws IOException, InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (true) {
			try {
				HttpResponse<String> response = http.send(HttpRequest
					.newBuilder(URI
						.create("http://127.0.0.1:" + this.ingestPort + "/api/v1/images/users/" + ownerId + "/profile"))
					.timeout(Duration.ofSeconds(10))
					.POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
					.build(), HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 202) {
					Matcher matcher = UPLOAD_ID.matcher(response.body());
					if (!matcher.find()) {
						throw new AssertionError("202 without an uploadId: " + response.body());
					}
					return UUID.fromString(matcher.group(1));
				}
				if (response.statusCode() != 503 || System.nanoTime() > deadline) {
					throw new AssertionError("Upload answered " + response.statusCode() + ": " + response.body());
				}
			}
			catch (ConnectException ex) {
				if (System.nanoTime() > deadline) {
					throw ex;
				}
			}
			Thread.sleep(200);
		}
	}

	/**
	 * Publish a message to the work exchange directly, as a duplicate or a poison.
	 * @param body the message body
	 */
	void publish(String body) throws Exception {
		try (com.rabbitmq.client.Connection connection = this.infrastructure.openBrokerConnection();
				Channel channel = connection.createChannel()) {
			channel.confirmSelect();
			channel.basicPublish(this.infrastructure.namespace() + ".jobs", "compress",
					new com.rabbitmq.client.AMQP.BasicProperties.Builder().contentType("application/json")
						.deliveryMode(2)
						.build(),
					body.getBytes(StandardCharsets.UTF_8));
			channel.waitForConfirmsOrDie(5000);
		}
	}

	void publishJob(UUID uploadId) throws Exception {
		publish("{\"uploadId\":\"" + uploadId + "\"}");
	}

	/**
	 * Insert an upload as if ingest-api had committed it and died before publishing.
	 * @param ownerId the owner
	 * @param bytes the image
	 * @return its id
	 */
	UUID insertUnpublished(String ownerId, byte[] bytes) throws SQLException {
		UUID id = UUID.randomUUID();
		try (Connection connection = this.infrastructure.openDatabaseConnection();
				PreparedStatement insert = connection.prepareStatement(
						"""
								INSERT INTO uploads (id, owner_type, owner_id, slot, media_type, byte_size, width, height, raw_bytes)
								VALUES (?, 'users', ?, 'profile', 'image/jpeg', ?, 1, 1, ?)
								""")) {
			insert.setObject(1, id);
			insert.setString(2, ownerId);
			insert.setInt(3, bytes.length);
			insert.setBytes(4, bytes);
			insert.executeUpdate();
		}
		return id;
	}

	/**
	 * Terminate every server process serving this cluster's database, as a database
	 * restart does to open connections.
	 * @return how many connections were cut
	 */
	int terminateDatabaseBackends() throws SQLException {
		try (Connection connection = this.infrastructure.openDatabaseConnection();
				Statement statement = connection.createStatement()) {
			var rs = statement.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
					+ "WHERE datname = current_database() AND pid <> pg_backend_pid()");
			rs.next();
			return rs.getInt(1);
		}
	}

	/**
	 * Stamp uploads as published, so the relay leaves them alone for a while and a test
	 * decides when their jobs are delivered.
	 */
	void markPublished(UUID... ids) throws SQLException {
		try (Connection connection = this.infrastructure.openDatabaseConnection();
				PreparedStatement update = connection
					.prepareStatement("UPDATE uploads SET published_at = now() WHERE id = ?")) {
			for (UUID id : ids) {
				update.setObject(1, id);
				update.executeUpdate();
			}
		}
	}

	/**
	 * One column of an upload's row.
	 */
	String uploadColumn(UUID id, String column) throws SQLException {
		try (Connection connection = this.infrastructure.openDatabaseConnection();
				PreparedStatement select = connection
					.prepareStatement("SELECT " + column + "::text FROM uploads WHERE id = ?")) {
			select.setObject(1, id);
			var rs = select.executeQuery();
			return rs.next() ? rs.getString(1) : null;
		}
	}

	/**
	 * The number of messages ready in one of this cluster's queues.
	 * @param suffix the queue name after the namespace, such as {@code .compress}
	 */
	long queueDepth(String suffix) throws Exception {
		try (com.rabbitmq.client.Connection connection = this.infrastructure.openBrokerConnection();
				Channel channel = connection.createChannel()) {
			return channel.queueDeclarePassive(this.infrastructure.namespace() + suffix).getMessageCount();
		}
	}

	@Override
	public void close() {
		for (ServiceProcess process : new ServiceProcess[] { this.worker, this.ingest }) {
			if (process != null) {
				process.stop(Duration.ofSeconds(15));
			}
		}
	}

	private static Path jar(String name) {
		return Path.of(ServiceProcesses.requiredProperty("e2e.jar." + name));
	}

	private static Path logs() {
		return Path.of(ServiceProcesses.requiredProperty("e2e.logs"), "faults");
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
