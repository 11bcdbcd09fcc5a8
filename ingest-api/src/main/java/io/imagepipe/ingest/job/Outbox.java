package io.imagepipe.ingest.job;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The upload rows seen as an outbox: a queued upload whose {@code published_at} is empty
 * still has to reach the broker.
 */
@Repository
class Outbox {

	private final JdbcClient jdbc;

	Outbox(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void markPublished(UUID id) {
		this.jdbc.sql("UPDATE uploads SET published_at = now() WHERE id = :id").param("id", id).update();
	}

	void markUnpublished(UUID id) {
		this.jdbc.sql("UPDATE uploads SET published_at = NULL WHERE id = :id AND status = 'queued'")
			.param("id", id)
			.update();
	}

	/**
	 * Claim a batch of jobs to (re)publish: queued uploads never published and older than
	 * the grace period, queued uploads published long ago that no worker took, and
	 * uploads stuck in processing past the timeout. Claiming stamps {@code published_at},
	 * so concurrent relays take disjoint batches and a job is republished at most once
	 * per period.
	 * @param grace how old an unpublished job must be
	 * @param republishAfter how long a published job may stay queued
	 * @param processingTimeout how long a job may stay in processing
	 * @param limit the batch size
	 * @return the claimed upload ids
	 */
	List<UUID> claimBatch(Duration grace, Duration republishAfter, Duration processingTimeout, int limit) {
		return this.jdbc.sql("""
				UPDATE uploads SET published_at = now()
				WHERE id IN (
				    SELECT id FROM uploads
				    WHERE (status = 'queued'
				           AND ((published_at IS NULL AND created_at < now() - make_interval(secs => :grace))
				                OR published_at < now() - make_interval(secs => :republish)))
				       OR (status = 'processing'
				           AND started_at < now() - make_interval(secs => :processing)
				           AND published_at < now() - make_interval(secs => :processing))
				    ORDER BY created_at
				    LIMIT :limit
				    FOR UPDATE SKIP LOCKED)
				RETURNING id
				""")
			.param("grace", grace.toMillis() / 1000.0)
			.param("republish", republishAfter.toMillis() / 1000.0)
			.param("processing", processingTimeout.toMillis() / 1000.0)
			.param("limit", limit)
			.query(UUID.class)
			.list();
	}

}
