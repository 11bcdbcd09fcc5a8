package io.imagepipe.ingest.job;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.imagepipe.contract.upload.UploadTransitions;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The upload rows seen as an outbox: a queued upload whose {@code published_at} is empty
 * still has to reach the broker. The statements that stamp {@code published_at} are the
 * publish transitions of {@link UploadTransitions}.
 */
@Repository
class Outbox {

	/** The advisory lock key of republishing: "imagepipe" "relay" in ASCII. */
	private static final long REPUBLISH_LOCK = 0x696d6167_72656c61L;

	private final JdbcClient jdbc;

	private final UploadTransitions transitions;

	private final TransactionTemplate transaction;

	Outbox(JdbcClient jdbc, UploadTransitions transitions, TransactionTemplate transaction) {
		this.jdbc = jdbc;
		this.transitions = transitions;
		this.transaction = transaction;
	}

	/**
	 * Stamp {@code published_at} once the broker confirmed the job, in a transaction that
	 * does not wait for its WAL to reach the disk ({@code synchronous_commit} off for it
	 * alone; PostgreSQL's WAL writer flushes it within {@code wal_writer_delay}, or the
	 * next upload's commit does). The stamp only spares the relay a republish: should a
	 * crash lose it, the relay publishes the job again after its grace period, and the
	 * worker's claim makes a duplicate delivery change nothing. Waiting for its flush
	 * cost a second WAL flush per upload, which the next upload's commit (whose 202 does
	 * wait for its own flush) queued behind. The upload's own transaction keeps
	 * {@code synchronous_commit} on.
	 * @param id the upload
	 */
	void markPublished(UUID id) {
		this.transaction.executeWithoutResult((status) -> {
			this.jdbc.sql("SELECT set_config('synchronous_commit', 'off', true)").query(String.class).single();
			this.transitions.published(id);
		});
	}

	void markUnpublished(UUID id) {
		this.transitions.unpublished(id);
	}

	/**
	 * Claim a batch of jobs that have no live delivery: queued uploads never published
	 * and older than the grace period, and uploads whose worker's lease ran out longer
	 * than the processing timeout ago without their job being published since (a safety
	 * net: the broker itself redelivers the jobs of a worker that died). Claiming stamps
	 * {@code published_at}, so concurrent relays take disjoint batches.
	 * @param grace how old an unpublished job must be
	 * @param processingTimeout how long after its lease ran out a job in processing is
	 * published again
	 * @param limit the batch size
	 * @return the claimed upload ids
	 */
	List<UUID> claimUndelivered(Duration grace, Duration processingTimeout, int limit) {
		return this.transitions.claimUndelivered(grace, processingTimeout, limit);
	}

	/**
	 * Count the queued jobs that were published, and tell whether any of them was
	 * published longer ago than {@code republishAfter}.
	 * @param republishAfter how long a published job may stay queued
	 * @return the count, 0 when none is that old
	 */
	long publishedQueuedIfAnyStale(Duration republishAfter) {
		boolean stale = Boolean.TRUE.equals(this.jdbc.sql("""
				SELECT EXISTS (SELECT 1 FROM uploads WHERE status = 'queued'
				               AND published_at < now() - make_interval(secs => :republish))
				""").param("republish", seconds(republishAfter)).query(Boolean.class).single());
		if (!stale) {
			return 0;
		}
		return this.jdbc.sql("SELECT count(*) FROM uploads WHERE status = 'queued' AND published_at IS NOT NULL")
			.query(Long.class)
			.single();
	}

	/**
	 * Claim queued jobs published longer ago than {@code republishAfter}, oldest
	 * publication first: in a first-in first-out queue, a job whose message was lost is
	 * among those published longest ago.
	 * @param republishAfter how long a published job may stay queued
	 * @param limit how many at most
	 * @return the claimed upload ids
	 */
	List<UUID> claimStale(Duration republishAfter, int limit) {
		return this.transitions.claimStale(republishAfter, limit);
	}

	/**
	 * Take the lock that lets one relay at a time republish lost jobs, until the
	 * transaction ends.
	 * @return whether this transaction holds it
	 */
	boolean tryLockRepublishing() {
		return Boolean.TRUE.equals(this.jdbc.sql("SELECT pg_try_advisory_xact_lock(:key)")
			.param("key", REPUBLISH_LOCK)
			.query(Boolean.class)
			.single());
	}

	private static double seconds(Duration duration) {
		return duration.toMillis() / 1000.0;
	}

}
