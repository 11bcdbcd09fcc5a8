package io.imagepipe.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Faults injected into real processes on the real local services. For every batch, the
 * {@link Ledger} proves that nothing was lost, written twice or overwritten by an older
 * upload. Every service a test stops is started again, even when the test fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultToleranceTests {

	private static final Duration SETTLE = Duration.ofSeconds(120);

	private FaultCluster cluster;

	@BeforeAll
	void startCluster() throws Exception {
		this.cluster = FaultCluster.start();
	}

	@AfterAll
	void stopCluster() {
		if (this.cluster != null) {
			this.cluster.close();
		}
	}

	@Test
	void workerKilledMidBatchLosesNothing() throws Exception {
		List<UUID> uploads = uploadBatch("kill", 16);
		awaitDone(uploads, 2);
		this.cluster.worker().kill();
		this.cluster.startWorker();
		Ledger.settle(this.cluster.infrastructure(), uploads, SETTLE).assertClean(uploads.size());
	}

	@Test
	void brokerStoppedMidBatchLosesNothingAndUploadsAreStillAccepted() throws Exception {
		List<UUID> uploads = uploadBatch("broker", 6);
		Broker.stopApp();
		try {
			uploads.addAll(uploadBatch("broker-down", 6));
		}
		finally {
			Broker.startApp();
		}
		Ledger.settle(this.cluster.infrastructure(), uploads, SETTLE).assertClean(uploads.size());
	}

	@Test
	void databaseConnectionsCutMidBatchLoseNothing() throws Exception {
		List<UUID> uploads = uploadBatch("db", 8);
		assertThat(this.cluster.database().terminateDatabaseBackends()).isPositive();
		uploads.addAll(uploadBatch("db-after", 8));
		Thread.sleep(300);
		this.cluster.database().terminateDatabaseBackends();
		Ledger.settle(this.cluster.infrastructure(), uploads, SETTLE).assertClean(uploads.size());
		assertThat(this.cluster.worker().isHealthy()).isTrue();
	}

	@Test
	void ingestKilledBetweenCommitAndPublishLosesNothing() throws Exception {
		List<UUID> uploads = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			uploads.add(this.cluster.database().insertUnpublished(owner("committed", i), Photos.landscape(i)));
		}
		uploads.addAll(uploadBatch("crash", 5));
		this.cluster.ingest().kill();
		this.cluster.startIngest();
		Ledger.settle(this.cluster.infrastructure(), uploads, SETTLE).assertClean(uploads.size());
	}

	@Test
	void poisonMessagesNeitherLoopNorBlockTheQueue() throws Exception {
		this.cluster.publish("this is not json");
		this.cluster.publish("{}");
		this.cluster.publishJob(UUID.randomUUID());
		List<UUID> uploads = uploadBatch("after-poison", 4);
		Ledger.settle(this.cluster.infrastructure(), uploads, SETTLE).assertClean(uploads.size());
		String namespace = this.cluster.infrastructure().namespace();
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			assertThat(Broker.messages(namespace + ".compress")).as("ready or held by a consumer").isZero();
			assertThat(Broker.messages(namespace + ".compress.parked")).as("ready or held by a consumer").isZero();
		});
		assertThat(this.cluster.worker().isHealthy()).isTrue();
	}

	@Test
	void duplicateMessagesGiveOneResult() throws Exception {
		List<UUID> uploads = uploadBatch("dup", 4);
		for (UUID upload : uploads) {
			for (int i = 0; i < 3; i++) {
				this.cluster.publishJob(upload);
			}
		}
		Ledger.settle(this.cluster.infrastructure(), uploads, SETTLE).assertClean(uploads.size());
		await().during(Duration.ofSeconds(3))
			.atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.cluster.queueDepth(".compress")).isZero());
		Ledger.settle(this.cluster.infrastructure(), uploads, SETTLE).assertClean(uploads.size());
	}

	@Test
	void olderUploadProcessedLastNeverReplacesTheNewer() throws Exception {
		String owner = owner("order", 0);
		UUID older = this.cluster.database().insertUnpublished(owner, Photos.landscape(1));
		UUID newer = this.cluster.database().insertUnpublished(owner, Photos.portrait(1));
		this.cluster.database().markPublished(older, newer);
		this.cluster.publishJob(newer);
		await().atMost(SETTLE).until(() -> "done".equals(this.cluster.database().uploadColumn(newer, "status")));
		this.cluster.publishJob(older);
		await().atMost(SETTLE).until(() -> "superseded".equals(this.cluster.database().uploadColumn(older, "status")));
		Ledger.settle(this.cluster.infrastructure(), List.of(older, newer), SETTLE).assertClean(2);
	}

	@Test
	void jobThatKeepsKillingWorkersIsParkedAndFailedWithTheReason() throws Exception {
		// The upload's row is locked, so every worker that takes the job waits at its
		// claim, holding the delivery, and is killed there: a job that crashes every
		// worker, at a point the test controls rather than a race with a fast worker.
		UUID upload = this.cluster.database().insertUnpublished(owner("crash-loop", 0), Photos.large());
		this.cluster.database().markPublished(upload);
		int kills = 0;
		try (FaultDatabase.RowLock lock = this.cluster.database().lockUpload(upload)) {
			this.cluster.publishJob(upload);
			while (true) {
				FaultDatabase.Waiter waiter = await().atMost(Duration.ofSeconds(120))
					.pollInterval(Duration.ofMillis(100))
					.until(lock::nextWaiter, Optional::isPresent)
					.orElseThrow();
				if (waiter.query().contains("status = 'failed'")) {
					break;
				}
				assertThat(waiter.query()).as("a worker waits at its claim").contains("status = 'processing'");
				assertThat(kills).as("workers killed before the job was parked").isLessThan(5);
				this.cluster.worker().kill();
				lock.terminate(waiter);
				kills++;
				this.cluster.launchWorker();
			}
		}
		this.cluster.worker().awaitHealthy(Duration.ofSeconds(90));
		await().atMost(SETTLE).until(() -> "failed".equals(this.cluster.database().uploadColumn(upload, "status")));
		assertThat(kills).as("workers killed by the job before it was parked").isBetween(2, 3);
		assertThat(this.cluster.database().uploadColumn(upload, "attempts")).isEqualTo("0");
		assertThat(this.cluster.database().uploadColumn(upload, "error_class")).isEqualTo("worker-crash");
		assertThat(this.cluster.database().uploadColumn(upload, "last_error")).contains("delivery limit");
	}

	private List<UUID> uploadBatch(String prefix, int count) throws Exception {
		List<UUID> uploads = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			uploads.add(this.cluster.upload(owner(prefix, i), (i % 2 == 0) ? Photos.landscape(i) : Photos.portrait(i)));
		}
		return uploads;
	}

	private void awaitDone(List<UUID> uploads, int atLeast) {
		await().atMost(SETTLE).until(() -> {
			int done = 0;
			for (UUID upload : uploads) {
				if ("done".equals(this.cluster.database().uploadColumn(upload, "status"))) {
					done++;
				}
			}
			return done >= atLeast;
		});
	}

	private static String owner(String prefix, int i) {
		return "fault-" + prefix + "-" + i + "-" + UUID.randomUUID().toString().substring(0, 6);
	}

}
