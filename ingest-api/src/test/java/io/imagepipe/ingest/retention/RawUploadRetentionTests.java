package io.imagepipe.ingest.retention;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.imagepipe.contract.upload.UploadTransitions;
import io.imagepipe.testsupport.ImagepipeTest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The raw upload cleanup on real PostgreSQL: it frees what can no longer be needed, keeps
 * the current image's upload, recent failures and unfinished uploads, keeps everything
 * when turned off, and two runners at once never conflict nor free an upload twice. The
 * scheduled run is off here; the tests run the cleanup themselves.
 */
@ImagepipeTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "imagepipe.retention.enabled=false", "imagepipe.retention.batch-size=7" })
class RawUploadRetentionTests {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transaction;

	@Autowired
	RawUploadRetention retention;

	@Autowired
	RetentionProperties properties;

	@Autowired
	MeterRegistry meters;

	@Test
	void replacedUploadsAndOldFailuresLoseTheirBytesAndTheCurrentRecentAndUnfinishedKeepThem() {
		String owner = unique();
		UUID current = insert(owner, "profile", "done", "2 hours");
		insertImage(owner, "profile", current);
		UUID replaced = insert(owner, "profile", "done", "3 hours");
		UUID superseded = insert(owner, "profile", "superseded", "2 hours");
		UUID justSuperseded = insert(owner, "profile", "superseded", "5 minutes");
		UUID queued = insert(owner, "profile", "queued", null);
		UUID recentFailure = insert(owner, "cover", "failed", "13 days");
		UUID oldFailure = insert(owner, "cover", "failed", "15 days");
		double freedBefore = freedUploads("superseded");

		drain(this.retention);

		assertThat(held(current)).as("the current image's upload, for reprocessing").isTrue();
		assertThat(held(justSuperseded)).as("superseded less than an hour ago").isTrue();
		assertThat(held(queued)).isTrue();
		assertThat(held(recentFailure)).as("a failure ops may still retry").isTrue();
		assertThat(held(replaced)).as("done, then replaced").isFalse();
		assertThat(held(superseded)).isFalse();
		assertThat(held(oldFailure)).isFalse();
		assertThat(this.jdbc.sql("SELECT discarded_at IS NOT NULL FROM uploads WHERE id = :id")
			.param("id", oldFailure)
			.query(Boolean.class)
			.single()).as("an old failure is discarded, so the console says it cannot be retried").isTrue();
		assertThat(this.jdbc.sql("SELECT count(*) FROM uploads WHERE owner_id = :owner")
			.param("owner", owner)
			.query(Long.class)
			.single()).as("rows stay, with their history").isEqualTo(7);
		assertThat(freedUploads("superseded")).isGreaterThanOrEqualTo(freedBefore + 1);
	}

	@Test
	void turnedOffItKeepsEverything() {
		String owner = unique();
		UUID superseded = insert(owner, "profile", "superseded", "30 days");

		this.retention.scheduled();

		assertThat(held(superseded)).isTrue();
		drain(this.retention);
		assertThat(held(superseded)).isFalse();
	}

	@Test
	void twoRunnersAtOnceFreeEveryUploadOnceWithoutConflict() throws Exception {
		String owner = unique();
		List<UUID> due = new ArrayList<>();
		for (int i = 0; i < 120; i++) {
			due.add(insert(owner, "profile", "superseded", "2 hours"));
		}
		SimpleMeterRegistry firstMeters = new SimpleMeterRegistry();
		SimpleMeterRegistry secondMeters = new SimpleMeterRegistry();
		RawUploadRetention first = new RawUploadRetention(this.jdbc, new UploadTransitions(this.jdbc), this.transaction,
				this.properties, firstMeters);
		RawUploadRetention second = new RawUploadRetention(this.jdbc, new UploadTransitions(this.jdbc),
				this.transaction, this.properties, secondMeters);
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			CompletableFuture<Integer> a = CompletableFuture.supplyAsync(() -> drain(first), threads);
			CompletableFuture<Integer> b = CompletableFuture.supplyAsync(() -> drain(second), threads);
			a.get(60, TimeUnit.SECONDS);
			b.get(60, TimeUnit.SECONDS);
		}
		finally {
			threads.shutdown();
		}

		assertThat(due).allSatisfy((upload) -> assertThat(held(upload)).isFalse());
		double freedByBoth = freed(firstMeters) + freed(secondMeters);
		assertThat(freedByBoth).as("each upload freed once, by one runner or the other")
			.isGreaterThanOrEqualTo(due.size());
		double perOwner = this.jdbc.sql("SELECT count(*) FROM uploads WHERE owner_id = :owner AND raw_bytes IS NULL")
			.param("owner", owner)
			.query(Long.class)
			.single();
		assertThat(perOwner).isEqualTo(due.size());
		assertThat(freedBytes(firstMeters) + freedBytes(secondMeters)).as("bytes counted once")
			.isEqualTo(freedByBoth * 1000);
	}

	@Test
	void aRunnerThatFindsTheLockHeldByAnotherSkipsItsRun() {
		String owner = unique();
		UUID superseded = insert(owner, "profile", "superseded", "2 hours");

		Integer whileHeld = this.transaction.execute((status) -> {
			this.jdbc.sql("SELECT pg_advisory_xact_lock(:key)")
				.param("key", RawUploadRetention.LOCK_KEY)
				.query(Object.class)
				.single();
			return CompletableFuture.supplyAsync(this.retention::run, Executors.newSingleThreadExecutor()).join();
		});

		assertThat(whileHeld).as("skipped while another instance cleans up").isEqualTo(-1);
		assertThat(held(superseded)).isTrue();
		drain(this.retention);
		assertThat(held(superseded)).isFalse();
	}

	@Test
	void theUploadsTableLevelsOffOnceFreedBytesAreVacuumedAndReused() {
		String owner = unique();
		List<Long> sizes = new ArrayList<>();
		for (int round = 0; round < 6; round++) {
			for (int i = 0; i < 40; i++) {
				insert(owner, "profile", "superseded", "2 hours", 100_000);
			}
			drain(this.retention);
			// autovacuum does this in production, when it gets to it
			this.jdbc.sql("VACUUM uploads").update();
			sizes.add(this.jdbc.sql("SELECT pg_total_relation_size('uploads')").query(Long.class).single());
		}
		// 240 uploads of 100 KB went in (24 MB); what the table holds stays near one
		// round's
		long first = sizes.get(0);
		assertThat(sizes.subList(1, sizes.size())).as("sizes after each round: %s", sizes)
			.allSatisfy((size) -> assertThat(size).isLessThan(first + 8_000_000L));
		assertThat(sizes.get(sizes.size() - 1)).as("sizes after each round: %s", sizes).isLessThan(first * 2);
	}

	/**
	 * Run until a run frees nothing; a run skipped for the other runner's lock is
	 * retried.
	 */
	private static int drain(RawUploadRetention retention) {
		int total = 0;
		int idle = 0;
		while (idle < 3) {
			int freed = retention.run();
			if (freed > 0) {
				total += freed;
				idle = 0;
			}
			else {
				idle++;
				try {
					Thread.sleep(20);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return total;
				}
			}
		}
		return total;
	}

	private static double freed(MeterRegistry registry) {
		return registry.find("imagepipe.retention.freed.uploads")
			.counters()
			.stream()
			.mapToDouble((c) -> c.count())
			.sum();
	}

	private static double freedBytes(MeterRegistry registry) {
		return registry.find("imagepipe.retention.freed.bytes").counters().stream().mapToDouble((c) -> c.count()).sum();
	}

	private double freedUploads(String status) {
		return this.meters.find("imagepipe.retention.freed.uploads")
			.tag("status", status)
			.counters()
			.stream()
			.mapToDouble((c) -> c.count())
			.sum();
	}

	private UUID insert(String owner, String slot, String status, String finishedAgo) {
		return insert(owner, slot, status, finishedAgo, 1000);
	}

	private UUID insert(String owner, String slot, String status, String finishedAgo, int size) {
		UUID id = UUID.randomUUID();
		this.jdbc.sql("""
				INSERT INTO uploads (id, owner_type, owner_id, slot, media_type, byte_size, width, height, raw_bytes,
				                     status, finished_at)
				VALUES (:id, 'users', :owner, :slot, 'image/jpeg', :size, 1, 1, :bytes, :status,
				        now() - CAST(:ago AS interval))
				""")
			.param("id", id)
			.param("owner", owner)
			.param("slot", slot)
			.param("size", size)
			.param("bytes", randomBytes(size))
			.param("status", status)
			.param("ago", finishedAgo)
			.update();
		return id;
	}

	private void insertImage(String owner, String slot, UUID upload) {
		this.jdbc.sql("""
				INSERT INTO images (owner_type, owner_id, slot, upload_id, upload_seq, bytes, width, height, byte_size,
				                    sha256)
				SELECT owner_type, owner_id, slot, id, seq, '\\x52494646'::bytea, 1, 1, 4, repeat('a', 64)
				FROM uploads WHERE id = :id
				""").param("id", upload).update();
	}

	private boolean held(UUID upload) {
		return this.jdbc.sql("SELECT raw_bytes IS NOT NULL FROM uploads WHERE id = :id")
			.param("id", upload)
			.query(Boolean.class)
			.single();
	}

	/** Bytes that do not compress, as a photo's. */
	private static byte[] randomBytes(int size) {
		byte[] bytes = new byte[size];
		java.util.concurrent.ThreadLocalRandom.current().nextBytes(bytes);
		return bytes;
	}

	private static String unique() {
		return "keep-" + UUID.randomUUID().toString().substring(0, 8);
	}

}
