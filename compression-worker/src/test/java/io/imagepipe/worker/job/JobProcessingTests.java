package io.imagepipe.worker.job;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.imagepipe.contract.CompressionJob;
import io.imagepipe.contract.JobTopology;
import io.imagepipe.testsupport.ImagepipeTest;
import io.imagepipe.worker.compress.TestImages;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The worker against real PostgreSQL and RabbitMQ: jobs go in through the broker, results
 * are read from the database.
 */
@ImagepipeTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class JobProcessingTests {

	private static final AtomicInteger owners = new AtomicInteger();

	@Autowired
	JdbcClient jdbc;

	@Autowired
	RabbitTemplate rabbit;

	@Autowired
	JobTopology topology;

	@Test
	void queuedUploadBecomesAServedWebPWithinBudget() throws IOException {
		UUID upload = insertUpload(ownerId(), TestImages.corpus("Portrait_6.jpg"));
		publish(upload);
		awaitStatus(upload, "done");
		Map<String, Object> image = imageOf(upload);
		assertThat((Integer) image.get("byte_size")).isLessThanOrEqualTo(500 * 1024);
		assertThat(image.get("width")).isEqualTo(683);
		assertThat(image.get("height")).isEqualTo(1024);
		assertThat(image.get("version")).isEqualTo(1L);
		assertThat(statusRow(upload).get("result_sha256")).isEqualTo(image.get("sha256"));
	}

	@Test
	void corruptImageFailsOnceWithAReadableReason() throws Exception {
		byte[] truncated = Arrays.copyOf(TestImages.corpus("Landscape_1.jpg"), 3000);
		UUID upload = insertUpload(ownerId(), truncated);
		publish(upload);
		awaitStatus(upload, "failed");
		Thread.sleep(1000);
		Map<String, Object> row = statusRow(upload);
		assertThat(row.get("status")).isEqualTo("failed");
		assertThat(row.get("attempts")).isEqualTo(1);
		assertThat(row.get("error_class")).isEqualTo("unprocessable");
		assertThat((String) row.get("last_error")).contains("truncated or corrupt");
	}

	@Test
	void olderUploadFinishingLateNeverReplacesANewerOne() throws IOException {
		String owner = ownerId();
		UUID older = insertUpload(owner, TestImages.corpus("Landscape_1.jpg"));
		UUID newer = insertUpload(owner, TestImages.corpus("Portrait_1.jpg"));
		publish(newer);
		awaitStatus(newer, "done");
		publish(older);
		awaitStatus(older, "superseded");
		Map<String, Object> image = imageOf(newer);
		assertThat(image.get("upload_id")).isEqualTo(newer);
		assertThat(image.get("height")).isEqualTo(1024);
	}

	@Test
	void newerUploadReplacesTheServedImageAndBumpsTheVersion() throws IOException {
		String owner = ownerId();
		UUID first = insertUpload(owner, TestImages.corpus("Landscape_1.jpg"));
		publish(first);
		awaitStatus(first, "done");
		UUID second = insertUpload(owner, TestImages.corpus("Portrait_1.jpg"));
		publish(second);
		awaitStatus(second, "done");
		Map<String, Object> image = imageOf(second);
		assertThat(image.get("upload_id")).isEqualTo(second);
		assertThat(image.get("version")).isEqualTo(2L);
	}

	@Test
	void duplicateDeliveriesGiveOneResult() throws Exception {
		UUID upload = insertUpload(ownerId(), TestImages.corpus("Landscape_3.jpg"));
		publish(upload);
		publish(upload);
		publish(upload);
		awaitStatus(upload, "done");
		Thread.sleep(1500);
		Map<String, Object> image = imageOf(upload);
		assertThat(image.get("version")).isEqualTo(1L);
		assertThat(statusRow(upload).get("status")).isEqualTo("done");
	}

	private static String ownerId() {
		return "worker-test-" + owners.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	private UUID insertUpload(String ownerId, byte[] bytes) {
		UUID id = UUID.randomUUID();
		this.jdbc.sql("""
				INSERT INTO uploads (id, owner_type, owner_id, slot, media_type, byte_size, width, height, raw_bytes)
				VALUES (:id, 'users', :owner, 'profile', 'image/jpeg', :size, 1, 1, :bytes)
				""").param("id", id).param("owner", ownerId).param("size", bytes.length).param("bytes", bytes).update();
		return id;
	}

	private void publish(UUID upload) {
		this.rabbit.convertAndSend(this.topology.exchange(), this.topology.workRoutingKey(),
				new CompressionJob(upload));
	}

	private void awaitStatus(UUID upload, String status) {
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(100))
			.untilAsserted(() -> assertThat(statusRow(upload).get("status")).isEqualTo(status));
	}

	private Map<String, Object> statusRow(UUID upload) {
		return this.jdbc
			.sql("SELECT status, attempts, error_class, last_error, result_sha256 FROM uploads WHERE id = :id")
			.param("id", upload)
			.query()
			.singleRow();
	}

	private Map<String, Object> imageOf(UUID upload) {
		return this.jdbc.sql("""
				SELECT i.upload_id, i.width, i.height, i.byte_size, i.sha256, i.version FROM images i
				JOIN uploads u ON u.owner_type = i.owner_type AND u.owner_id = i.owner_id AND u.slot = i.slot
				WHERE u.id = :id
				""").param("id", upload).query().singleRow();
	}

}
