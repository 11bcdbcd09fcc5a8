package io.imagepipe.worker.job;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.imagepipe.testsupport.ImagepipeTest;
import io.imagepipe.worker.compress.TestImages;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Newest intent wins between an image's deletion and its uploads: an upload made before
 * the deletion (a job still queued, or one being processed while the deletion commits)
 * never brings the image back and ends {@code deleted} without raw bytes; an upload made
 * after it is served. The deletion is written here as ingest-api's {@code ImageDeletions}
 * writes it (under the image's lock, a marker that draws its seq from the uploads'
 * sequence). Real PostgreSQL, the real job processor and codecs.
 */
@ImagepipeTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class DeletionMarkerTests {

	@Autowired
	JobProcessor processor;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transaction;

	@Test
	void aJobQueuedBeforeTheDeletionDoesNotBringTheImageBack() throws Exception {
		String owner = unique();
		UUID served = insertUpload(owner, TestImages.corpus("Landscape_1.jpg"), null);
		assertThat(this.processor.process(served)).isEqualTo(JobProcessor.Outcome.DONE);
		UUID queued = insertUpload(owner, TestImages.corpus("Portrait_1.jpg"), null);

		deleteImage(owner);

		// the deletion ended the queued upload: its delivery finds nothing to do
		assertThat(this.processor.process(queued)).isEqualTo(JobProcessor.Outcome.SKIPPED);
		assertThat(imageCount(owner)).isZero();
		assertThat(statusOf(queued)).isEqualTo("deleted");
		assertThat(rawBytesHeld(queued)).isFalse();
	}

	@Test
	void anUploadCommittedAfterTheDeletionWithAnOlderSeqIsNotServed() throws Exception {
		String owner = unique();
		// the upload got its seq first, but its insert committed only after the deletion,
		// which therefore could not mark it: the marker's seq ranks after it
		UUID late = insertUpload(owner, TestImages.corpus("Landscape_1.jpg"), null);
		this.jdbc.sql("UPDATE uploads SET status = 'queued' WHERE id = :id").param("id", late).update();
		insertMarker(owner, nextSeq());

		assertThat(this.processor.process(late)).isEqualTo(JobProcessor.Outcome.DELETED);
		assertThat(imageCount(owner)).isZero();
		assertThat(rawBytesHeld(late)).as("the deletion promised its raw bytes gone").isFalse();
	}

	@Test
	void anUploadMadeAfterTheDeletionIsServedAndAReprocessCopyOfAnOlderOneIsNot() throws Exception {
		String owner = unique();
		UUID old = insertUpload(owner, TestImages.corpus("Landscape_1.jpg"), null);
		assertThat(this.processor.process(old)).isEqualTo(JobProcessor.Outcome.DONE);
		deleteImage(owner);
		UUID copyOfOld = insertUpload(owner, TestImages.corpus("Landscape_1.jpg"), seqOf(old));

		assertThat(this.processor.process(copyOfOld)).isEqualTo(JobProcessor.Outcome.DELETED);
		UUID fresh = insertUpload(owner, TestImages.corpus("Portrait_1.jpg"), null);
		assertThat(this.processor.process(fresh)).isEqualTo(JobProcessor.Outcome.DONE);

		assertThat(this.jdbc.sql("SELECT upload_id FROM images WHERE owner_id = :owner")
			.param("owner", owner)
			.query(UUID.class)
			.single()).isEqualTo(fresh);
	}

	@Test
	void aDeletionThatCommitsWhileTheJobIsBeingWrittenWinsWhicheverLockIsTakenFirst() throws Exception {
		String owner = unique();
		UUID upload = insertUpload(owner, TestImages.corpus("Landscape_1.jpg"), null);
		// the deletion holds the image's lock (as its transaction does) while the worker
		// compresses; the worker's write waits for it and then sees the marker
		CountDownLatch locked = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		ExecutorService threads = Executors.newFixedThreadPool(2);
		CompletableFuture<Void> deletion = CompletableFuture
			.runAsync(() -> this.transaction.executeWithoutResult((s) -> {
				lockImage(owner);
				locked.countDown();
				try {
					assertThat(release.await(60, TimeUnit.SECONDS)).isTrue();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				markUploadsDeleted(owner, insertMarker(owner, nextSeq()));
			}), threads);
		assertThat(locked.await(30, TimeUnit.SECONDS)).isTrue();
		CompletableFuture<JobProcessor.Outcome> job = CompletableFuture
			.supplyAsync(() -> this.processor.process(upload), threads);
		// the job claims and compresses, then waits for the lock
		waitForStatus(upload, "processing");
		Thread.sleep(500);
		assertThat(job).isNotDone();
		release.countDown();
		deletion.get(60, TimeUnit.SECONDS);

		assertThat(job.get(60, TimeUnit.SECONDS)).isEqualTo(JobProcessor.Outcome.DELETED);
		assertThat(imageCount(owner)).isZero();
		assertThat(statusOf(upload)).isEqualTo("deleted");
		threads.shutdown();
	}

	private void deleteImage(String owner) {
		this.transaction.executeWithoutResult((status) -> {
			lockImage(owner);
			long seq = insertMarker(owner, nextSeq());
			markUploadsDeleted(owner, seq);
			this.jdbc.sql("DELETE FROM images WHERE owner_type = 'users' AND owner_id = :owner AND slot = 'profile'")
				.param("owner", owner)
				.update();
		});
	}

	private void lockImage(String owner) {
		this.jdbc.sql("SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtextextended(:image, 17))) AS locked")
			.param("image", "users/" + owner + "/profile")
			.query(Integer.class)
			.single();
	}

	private void markUploadsDeleted(String owner, long seq) {
		this.jdbc.sql("""
				UPDATE uploads SET status = 'deleted', raw_bytes = NULL, lease_until = NULL
				WHERE owner_type = 'users' AND owner_id = :owner AND slot = 'profile' AND seq < :seq
				""").param("owner", owner).param("seq", seq).update();
	}

	private long nextSeq() {
		return this.jdbc.sql("SELECT nextval(pg_get_serial_sequence('uploads', 'seq'))").query(Long.class).single();
	}

	private long insertMarker(String owner, long seq) {
		this.jdbc.sql("""
				INSERT INTO image_deletions (owner_type, owner_id, slot, upload_seq, actor, scope, had_image, uploads,
				                             bytes_freed)
				VALUES ('users', :owner, 'profile', :seq, 'tests', 'image', true, 0, 0)
				""").param("owner", owner).param("seq", seq).update();
		return seq;
	}

	private void waitForStatus(UUID upload, String status) throws InterruptedException {
		long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (!status.equals(statusOf(upload)) && System.nanoTime() < giveUp) {
			Thread.sleep(20);
		}
		assertThat(statusOf(upload)).isEqualTo(status);
	}

	private UUID insertUpload(String ownerId, byte[] bytes, Long sourceSeq) {
		UUID id = UUID.randomUUID();
		this.jdbc.sql("""
				INSERT INTO uploads (id, owner_type, owner_id, slot, media_type, byte_size, width, height, raw_bytes,
				                     source_seq)
				VALUES (:id, 'users', :owner, 'profile', 'image/jpeg', :size, 1, 1, :bytes, :sourceSeq)
				""")
			.param("id", id)
			.param("owner", ownerId)
			.param("size", bytes.length)
			.param("bytes", bytes)
			.param("sourceSeq", sourceSeq)
			.update();
		return id;
	}

	private long seqOf(UUID upload) {
		return this.jdbc.sql("SELECT seq FROM uploads WHERE id = :id").param("id", upload).query(Long.class).single();
	}

	private String statusOf(UUID upload) {
		return this.jdbc.sql("SELECT status FROM uploads WHERE id = :id")
			.param("id", upload)
			.query(String.class)
			.single();
	}

	private boolean rawBytesHeld(UUID upload) {
		return this.jdbc.sql("SELECT raw_bytes IS NOT NULL FROM uploads WHERE id = :id")
			.param("id", upload)
			.query(Boolean.class)
			.single();
	}

	private long imageCount(String owner) {
		return this.jdbc.sql("SELECT count(*) FROM images WHERE owner_id = :owner")
			.param("owner", owner)
			.query(Long.class)
			.single();
	}

	private static String unique() {
		return "deleted-" + UUID.randomUUID().toString().substring(0, 8);
	}

}
