package io.imagepipe.ingest.job;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import io.imagepipe.contract.JobTopology;
import io.imagepipe.contract.upload.UploadTransitions;
import io.imagepipe.testsupport.ImagepipeTest;
import io.imagepipe.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The outbox against the real broker: a publish counts only when the broker confirmed a
 * routed message, and the relay publishes what the after-commit publish missed.
 */
@ImagepipeTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "imagepipe.messaging.relay-interval=500ms", "imagepipe.messaging.relay-grace=1s" })
class DeliveryTests {

	@Autowired
	JobPublisher publisher;

	@Autowired
	JobTopology topology;

	@Autowired
	RabbitAdmin admin;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	DataSource dataSource;

	@Test
	void publishToAMissingExchangeDoesNotCountAsDelivered() {
		// the relay publishes on the same connection meanwhile: a channel it loses to the
		// missing exchange can be the one handed out next, so each broker call may be
		// repeated
		await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
			this.admin.deleteExchange(this.topology.exchange());
			return true;
		});
		try {
			assertThat(this.publisher.publish(UUID.randomUUID())).isFalse();
		}
		finally {
			await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
				this.admin.initialize();
				return true;
			});
		}
		assertThat(this.publisher.publish(UUID.randomUUID())).isTrue();
	}

	@Test
	void relayPublishesAJobCommittedButNeverPublished() throws Exception {
		UUID id = UUID.randomUUID();
		this.jdbc.sql("""
				INSERT INTO uploads (id, owner_type, owner_id, slot, media_type, byte_size, width, height, raw_bytes,
				                     created_at)
				VALUES (:id, 'users', 'relay-test', 'profile', 'image/png', 1, 1, 1, '\\x00'::bytea,
				        now() - interval '1 minute')
				""").param("id", id).update();
		await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).until(() -> drainFinds(id));
		assertThat(this.jdbc.sql("SELECT published_at IS NOT NULL FROM uploads WHERE id = :id")
			.param("id", id)
			.query(Boolean.class)
			.single()).isTrue();
	}

	@Test
	void publishedStampLeavesTheConnectionCommittingSynchronously() throws Exception {
		UUID id = UUID.randomUUID();
		this.jdbc.sql("""
				INSERT INTO uploads (id, owner_type, owner_id, slot, media_type, byte_size, width, height, raw_bytes)
				VALUES (:id, 'users', 'stamp-test', 'profile', 'image/png', 1, 1, 1, '\\x00'::bytea)
				""").param("id", id).update();
		// one connection throughout, as a pooled one is handed to the next upload: the
		// stamp's asynchronous commit must not outlive its own transaction
		try (java.sql.Connection connection = this.dataSource.getConnection()) {
			SingleConnectionDataSource single = new SingleConnectionDataSource(connection, true);
			JdbcClient client = JdbcClient.create(single);
			Outbox outbox = new Outbox(client, new UploadTransitions(client),
					new TransactionTemplate(new DataSourceTransactionManager(single)));
			outbox.markPublished(id);
			assertThat(client.sql("SHOW synchronous_commit").query(String.class).single()).isEqualTo("on");
			assertThat(connection.getAutoCommit()).isTrue();
		}
		assertThat(this.jdbc.sql("SELECT published_at IS NOT NULL FROM uploads WHERE id = :id")
			.param("id", id)
			.query(Boolean.class)
			.single()).isTrue();
	}

	/**
	 * Take the messages waiting in the work queue and tell whether one is the job of the
	 * given upload; a queue not declared yet holds nothing.
	 */
	private boolean drainFinds(UUID id) {
		try (Connection connection = TestInfrastructure.get().openBrokerConnection();
				Channel channel = connection.createChannel()) {
			for (GetResponse message = channel.basicGet(this.topology.workQueue(),
					true); message != null; message = channel.basicGet(this.topology.workQueue(), true)) {
				if (new String(message.getBody(), StandardCharsets.UTF_8).contains(id.toString())) {
					return true;
				}
			}
			return false;
		}
		catch (Exception ex) {
			return false;
		}
	}

}
