package io.imagepipe.ingest.job;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import io.imagepipe.contract.JobTopology;
import io.imagepipe.testsupport.ImagepipeTest;
import io.imagepipe.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The relay under a large backlog that no worker consumes: jobs whose message waits in
 * the work queue are not published again, however long they wait, and jobs whose message
 * was lost are published again once each.
 */
@DirtiesContext
@ImagepipeTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "imagepipe.messaging.relay-interval=200ms", "imagepipe.messaging.republish-after=1s",
				// a context of its own, closed after the class: few connections
				"spring.datasource.hikari.maximum-pool-size=3" })
class RelayDuplicatesTests {

	/**
	 * The duplicates allowed over the whole test, in the stated bound of
	 * docs/reliability.md.
	 */
	private static final int ALLOWED_DUPLICATES = 10;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	JobTopology topology;

	@Test
	@SuppressWarnings("try") // the worker consumes for the block, which never calls it
	void aBacklogOfTenThousandIsNotRepublishedAndLostJobsAreRepublishedOnce() throws Exception {
		String owner = "relay-" + UUID.randomUUID().toString().substring(0, 8);
		List<UUID> live = ids(10_000);
		List<UUID> lost = ids(300);
		// messages other tests left behind would only make the relay more careful
		purgeWorkQueue();
		publishDirectly(live);
		// every live job was published an hour ago and still waits in the queue; the lost
		// ones were published two hours ago and their messages are gone
		insert(owner, live, "1 hour");
		insert(owner, lost, "2 hours");
		Map<UUID, Integer> messages = new ConcurrentHashMap<>();
		try (SlowWorker worker = new SlowWorker(messages)) {
			await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> this.jdbc.sql("""
					SELECT count(*) FROM uploads
					WHERE owner_id = :owner AND published_at < now() - interval '90 minutes'
					""").param("owner", owner).query(Long.class).single() == 0);
			// many more relay rounds while the slow worker takes jobs one by one
			Thread.sleep(10_000);
		}
		assertThat(messages).hasSizeGreaterThan(100);
		// the rest of the backlog is done at once, as if many workers came, and what is
		// left in the queue is counted
		this.jdbc.sql("UPDATE uploads SET status = 'done' WHERE owner_id = :owner").param("owner", owner).update();
		drain(messages);
		int duplicates = 0;
		for (UUID id : live) {
			assertThat(messages.getOrDefault(id, 0)).as("messages of a live job").isPositive();
			duplicates += messages.get(id) - 1;
		}
		for (UUID id : lost) {
			assertThat(messages.getOrDefault(id, 0)).as("messages of a lost job").isPositive();
			duplicates += messages.get(id) - 1;
		}
		assertThat(duplicates).isLessThanOrEqualTo(ALLOWED_DUPLICATES);
	}

	/**
	 * A worker that takes one job at a time and needs 10 ms for each: it claims and
	 * finishes the upload's row, as the real worker does, before acknowledging.
	 */
	private final class SlowWorker implements AutoCloseable {

		private final Connection connection;

		SlowWorker(Map<UUID, Integer> messages) throws Exception {
			this.connection = TestInfrastructure.get().openBrokerConnection();
			Channel channel = this.connection.createChannel();
			channel.basicQos(1);
			channel.basicConsume(RelayDuplicatesTests.this.topology.workQueue(), false, (tag, delivery) -> {
				UUID id = uploadIdOf(delivery.getBody());
				if (id != null) {
					messages.merge(id, 1, Integer::sum);
					RelayDuplicatesTests.this.jdbc
						.sql("UPDATE uploads SET status = 'done' WHERE id = :id AND status = 'queued'")
						.param("id", id)
						.update();
				}
				try {
					Thread.sleep(10);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				channel.basicAck(delivery.getEnvelope().getDeliveryTag(), false);
			}, (tag) -> {
			});
		}

		@Override
		public void close() throws IOException {
			this.connection.close();
		}

	}

	private static List<UUID> ids(int count) {
		List<UUID> ids = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			ids.add(UUID.randomUUID());
		}
		return ids;
	}

	private void insert(String owner, List<UUID> ids, String publishedAgo) {
		this.jdbc.sql("""
				INSERT INTO uploads (id, owner_type, owner_id, slot, media_type, byte_size, width, height, raw_bytes,
				                     created_at, published_at)
				SELECT id, 'users', :owner, 'profile', 'image/png', 1, 1, 1, '\\x00'::bytea,
				       now() - CAST(:ago AS interval), now() - CAST(:ago AS interval)
				FROM unnest(CAST(:ids AS uuid[])) AS id
				""")
			.param("owner", owner)
			.param("ago", publishedAgo)
			.param("ids", ids.stream().map(UUID::toString).toArray(String[]::new))
			.update();
	}

	private void purgeWorkQueue() throws Exception {
		try (Connection connection = TestInfrastructure.get().openBrokerConnection();
				Channel channel = connection.createChannel()) {
			channel.queuePurge(this.topology.workQueue());
		}
	}

	private void publishDirectly(List<UUID> ids) throws Exception {
		try (Connection connection = TestInfrastructure.get().openBrokerConnection();
				Channel channel = connection.createChannel()) {
			channel.confirmSelect();
			AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().contentType("application/json")
				.deliveryMode(2)
				.build();
			for (UUID id : ids) {
				channel.basicPublish(this.topology.exchange(), this.topology.workRoutingKey(), true, properties,
						("{\"uploadId\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8));
			}
			channel.waitForConfirmsOrDie(TimeUnit.SECONDS.toMillis(60));
		}
	}

	/**
	 * Take every message left in the work queue and count them per upload.
	 */
	private void drain(Map<UUID, Integer> counts) throws Exception {
		try (Connection connection = TestInfrastructure.get().openBrokerConnection();
				Channel channel = connection.createChannel()) {
			for (GetResponse message = channel.basicGet(this.topology.workQueue(),
					true); message != null; message = channel.basicGet(this.topology.workQueue(), true)) {
				UUID id = uploadIdOf(message.getBody());
				if (id != null) {
					counts.merge(id, 1, Integer::sum);
				}
			}
		}
	}

	private static UUID uploadIdOf(byte[] body) {
		String text = new String(body, StandardCharsets.UTF_8);
		int start = text.indexOf("\"uploadId\":\"");
		return (start >= 0) ? UUID.fromString(text.substring(start + 12, start + 48)) : null;
	}

}
