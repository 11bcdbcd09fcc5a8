package io.imagepipe.worker.job;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.imagepipe.contract.CompressionJob;
import io.imagepipe.contract.JobTopology;
import io.imagepipe.contract.upload.UploadTransitions;
import io.imagepipe.testsupport.HostileImages;
import io.imagepipe.testsupport.ImagepipeTest;
import io.imagepipe.worker.compress.TestImages;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How long one job may hold a worker, against real PostgreSQL and RabbitMQ: files whose
 * structure implies unbounded decode work fail at once, a decode past the deadline is
 * aborted, neither is retried, and a job under a live lease is not taken twice. The
 * deadline is set low here so that an image within the structural limits passes it.
 */
@DirtiesContext
@ImagepipeTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "imagepipe.worker.decode-deadline=1s", "imagepipe.worker.lease=3s",
				// the ImageIO path, whose read the deadline aborts (libjpeg-turbo decodes
				// the
				// deadline test's 49 MP JPEG at 1/8 well within the second)
				"imagepipe.compression.decoder.jpeg-library=none",
				// a context of its own, closed after the class: few connections
				"spring.datasource.hikari.maximum-pool-size=3" })
class BoundedJobTests {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	RabbitTemplate rabbit;

	@Autowired
	JobTopology topology;

	@Autowired
	JobProcessor processor;

	@Autowired
	Jobs jobs;

	@Test
	void aScanBombFailsAtOnceWithItsReasonAndIsNotRetried() throws Exception {
		UUID upload = insertUpload(owner(), HostileImages.scanBombJpeg(7000, 7000, 2000));
		long start = System.nanoTime();
		publish(upload);
		awaitStatus(upload, "failed");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
		Thread.sleep(3000);
		Map<String, Object> row = statusRow(upload);
		assertThat(row.get("status")).isEqualTo("failed");
		assertThat(row.get("attempts")).isEqualTo(1);
		assertThat(row.get("error_class")).isEqualTo("unprocessable");
		assertThat((String) row.get("last_error")).contains("more than 100 scans");
	}

	@Test
	void decompressionAndFrameBombsFailWithTheirReason() {
		UUID png = insertUpload(owner(), HostileImages.textBombPng(256L << 20));
		UUID gif = insertUpload(owner(), HostileImages.frameBombGif(4000, 4000, 3));
		publish(png);
		publish(gif);
		awaitStatus(png, "failed");
		awaitStatus(gif, "failed");
		assertThat((String) statusRow(png).get("last_error")).contains("metadata inflates");
		assertThat((String) statusRow(gif).get("last_error")).contains("more than its compressed data can hold");
	}

	@Test
	void aDecodePastTheDeadlineIsAbortedAndFailsForGood() throws Exception {
		// within the structural limits, but about 4 s of decoding at 49 MP
		UUID upload = insertUpload(owner(), HostileImages.scanBombJpeg(7000, 7000, 100));
		long start = System.nanoTime();
		publish(upload);
		awaitStatus(upload, "failed");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
		Thread.sleep(3000);
		Map<String, Object> row = statusRow(upload);
		assertThat(row.get("attempts")).isEqualTo(1);
		assertThat(row.get("error_class")).isEqualTo("unprocessable");
		assertThat((String) row.get("last_error")).contains("longer than its limit of 1 s");
	}

	@Test
	void aJobUnderAnotherWorkersLiveLeaseIsNotTakenByADuplicateDelivery() throws Exception {
		UUID upload = insertUpload(owner(), TestImages.corpus("Landscape_1.jpg"));
		this.jdbc.sql("""
				UPDATE uploads SET status = 'processing', attempts = 1, started_at = now(),
				                   lease_until = now() + interval '1 hour'
				WHERE id = :id
				""").param("id", upload).update();
		publish(upload);
		Thread.sleep(3000);
		Map<String, Object> row = statusRow(upload);
		assertThat(row.get("status")).isEqualTo("processing");
		assertThat(row.get("attempts")).isEqualTo(1);
	}

	@Test
	void aRedeliveryWaitsForTheLeaseOfAWorkerThatStoppedAndThenTakesTheJob() throws Exception {
		UUID upload = insertUpload(owner(), TestImages.corpus("Landscape_1.jpg"));
		this.jdbc.sql("""
				UPDATE uploads SET status = 'processing', attempts = 1, started_at = now(),
				                   lease_until = now() + interval '2 seconds'
				WHERE id = :id
				""").param("id", upload).update();
		assertThat(this.processor.process(upload, true)).isEqualTo(JobProcessor.Outcome.DONE);
		assertThat(statusRow(upload).get("attempts")).isEqualTo(2);
	}

	@Test
	void aJobSentToARetryTierReleasesItsLeaseSoTheRetryCanClaimIt() throws Exception {
		UUID upload = insertUpload(owner(), TestImages.corpus("Landscape_1.jpg"));
		assertThat(this.jobs.claim(upload, Duration.ofMinutes(10))).isPresent();
		assertThat(this.jobs.claim(upload, Duration.ofMinutes(10))).as("held by a live lease").isEmpty();
		this.jobs.recordError(upload, ErrorClass.TRANSIENT, "Temporary failure: test");
		assertThat(this.jobs.claim(upload, Duration.ofMinutes(10))).isPresent();
		assertThat(statusRow(upload).get("attempts")).isEqualTo(2);
	}

	@Test
	@SuppressWarnings("try") // the lease is held for the block, not used in it
	void aWorkingJobsLeaseIsExtendedByTheHeartbeat() throws Exception {
		UUID upload = insertUpload(owner(), TestImages.corpus("Portrait_1.jpg"));
		this.jdbc.sql("UPDATE uploads SET status = 'processing', started_at = now() WHERE id = :id")
			.param("id", upload)
			.update();
		JobLeases leases = new JobLeases(new UploadTransitions(this.jdbc),
				new JobLimits(Duration.ofSeconds(1), Duration.ofSeconds(3)));
		try (JobLeases.Held held = leases.hold(upload)) {
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(this.jdbc.sql(
						"SELECT coalesce(lease_until > now() + interval '2 seconds', false) FROM uploads WHERE id = :id")
					.param("id", upload)
					.query(Boolean.class)
					.single()).isTrue());
		}
		finally {
			leases.destroy();
		}
	}

	private static String owner() {
		return "bounded-" + UUID.randomUUID().toString().substring(0, 8);
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
		return this.jdbc.sql("SELECT status, attempts, error_class, last_error FROM uploads WHERE id = :id")
			.param("id", upload)
			.query()
			.singleRow();
	}

}
