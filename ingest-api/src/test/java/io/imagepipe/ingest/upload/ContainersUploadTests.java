package io.imagepipe.ingest.upload;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.imagepipe.contract.JobTopology;
import io.imagepipe.testsupport.ContainerImages;
import io.imagepipe.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.rabbitmq.RabbitMQContainer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * ingest-api against a PostgreSQL 17 and a RabbitMQ 4 that Testcontainers starts for this
 * class, connected by {@code @ServiceConnection}: an upload is stored in the container's
 * database, its job lands in the container's broker and the outbox marks it published.
 * The images are those of {@link ContainerImages} (on this project's CI, the local images
 * of infra/images/build.sh).
 *
 * <p>
 * Always runs: {@code bin/test} makes sure a Docker engine answers and the images exist
 * before the suite (infra/smoke/compose-smoke.sh); without an engine the test fails.
 */
@Testcontainers
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { TestTokens.SECRET_PROPERTY, "imagepipe.messaging.namespace=imagepipe-containers" })
class ContainersUploadTests {

	private static final Path CORPUS = Path.of("..", "test-images", "exif-orientation");

	@Container
	@ServiceConnection
	static final PostgreSQLContainer postgres = new PostgreSQLContainer(ContainerImages.postgres());

	@Container
	@ServiceConnection
	static final RabbitMQContainer rabbit = new RabbitMQContainer(ContainerImages.rabbitmq());

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	JobTopology topology;

	@Test
	void theServicesAreTheContainers() throws Exception {
		assertThat(this.jdbc.sql("SHOW server_version").query(String.class).single()).startsWith("17.");
		assertThat(this.jdbc.sql("SELECT current_database()").query(String.class).single())
			.isEqualTo(postgres.getDatabaseName());
		try (Connection connection = openBroker()) {
			String version = String.valueOf(connection.getServerProperties().get("version"));
			assertThat(version).startsWith("4.").isEqualTo(rabbitVersion());
		}
	}

	@Test
	void anUploadIsStoredQueuedAndPublishedInTheContainers() throws Exception {
		byte[] photo = Files.readAllBytes(CORPUS.resolve("Landscape_1.jpg"));
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(Multipart
				.post(URI.create("http://localhost:" + this.port + "/api/v1/images/users/7/profile"), "photo.jpg",
						photo)
				.header("Authorization", TestTokens.bearer(TestTokens.user("7")))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		JsonNode body = new ObjectMapper().readTree(response.body());
		UUID id = UUID.fromString(body.get("uploadId").asString());
		Map<String, Object> row = this.jdbc
			.sql("SELECT media_type, byte_size, width, height FROM uploads WHERE id = :id")
			.param("id", id)
			.query()
			.singleRow();
		assertThat(row).containsEntry("media_type", "image/jpeg")
			.containsEntry("byte_size", photo.length)
			.containsEntry("width", 1800)
			.containsEntry("height", 1200);
		assertThat(this.topology.workQueue()).startsWith("imagepipe-containers.");
		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(takeJobsFor(id)).isEqualTo(1));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.jdbc.sql("SELECT published_at IS NOT NULL FROM uploads WHERE id = :id")
				.param("id", id)
				.query(Boolean.class)
				.single()).isTrue());
	}

	private int takeJobsFor(UUID id) throws Exception {
		int found = 0;
		try (Connection connection = openBroker(); Channel channel = connection.createChannel()) {
			GetResponse message;
			while ((message = channel.basicGet(this.topology.workQueue(), true)) != null) {
				if (new String(message.getBody(), StandardCharsets.UTF_8).contains(id.toString())) {
					found++;
				}
			}
		}
		return found;
	}

	private static Connection openBroker() throws Exception {
		ConnectionFactory factory = new ConnectionFactory();
		factory.setHost(rabbit.getHost());
		factory.setPort(rabbit.getAmqpPort());
		factory.setUsername(rabbit.getAdminUsername());
		factory.setPassword(rabbit.getAdminPassword());
		return factory.newConnection("imagepipe-containers-tests");
	}

	private static String rabbitVersion() throws Exception {
		return rabbit.execInContainer("rabbitmq-diagnostics", "-q", "server_version").getStdout().strip();
	}

}
