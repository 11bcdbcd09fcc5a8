package io.imagepipe.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.rabbitmq.client.Channel;
import io.imagepipe.testsupport.TestInfrastructure;
import io.imagepipe.testsupport.TestTokens;

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
		Map<String, String> ingestEnvironment = new HashMap<>(this.environment);
		ingestEnvironment.put("JWT_SECRET", TestTokens.SECRET);
		this.ingest = ServiceProcess.start("ingest-api", jar("ingest-api"), this.ingestPort, ingestEnvironment, logs());
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
	 * The cluster's database, for faults and checks below the HTTP API.
	 */
	FaultDatabase database() {
		return new FaultDatabase(this.infrastructure);
	}

	/**
	 * Upload a raw image body as a backend uploading for many owners would, with the
	 * service token (which no rate limit slows), retrying while the service answers 503
	 * or is unreachable (for up to two minutes).
	 * @param ownerId the owner
	 * @param bytes the image
	 * @return the accepted upload's id
	 */
	UUID upload(String ownerId, byte[] bytes) throws IOException, InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
		while (true) {
			try {
				HttpResponse<String> response = http.send(HttpRequest
					.newBuilder(URI
						.create("http://127.0.0.1:" + this.ingestPort + "/api/v1/images/users/" + ownerId + "/profile"))
					.timeout(Duration.ofSeconds(10))
					.header("Authorization", TestTokens.bearer(TestTokens.service()))
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
			catch (IOException ex) {
				// refused while ingest-api restarts, or reset mid-request when it was
				// killed: an
				// upload without its 202 is not accepted, so the client sends it again
				if (System.nanoTime() > deadline) {
					throw ex;
				}
			}
			Thread.sleep(200);
		}
	}

	/**
	 * Delete an owner's profile image with the service token, retrying while the service
	 * answers 503 or is unreachable (for up to two minutes); a retried DELETE is
	 * harmless.
	 * @param ownerId the owner
	 */
	void delete(String ownerId) throws IOException, InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
		while (true) {
			try {
				HttpResponse<String> response = http.send(HttpRequest
					.newBuilder(URI
						.create("http://127.0.0.1:" + this.ingestPort + "/api/v1/images/users/" + ownerId + "/profile"))
					.timeout(Duration.ofSeconds(10))
					.header("Authorization", TestTokens.bearer(TestTokens.service()))
					.DELETE()
					.build(), HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 204) {
					return;
				}
				if (response.statusCode() != 503 || System.nanoTime() > deadline) {
					throw new AssertionError("Delete answered " + response.statusCode() + ": " + response.body());
				}
			}
			catch (IOException ex) {
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
