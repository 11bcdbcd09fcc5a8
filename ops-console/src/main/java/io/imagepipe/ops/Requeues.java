package io.imagepipe.ops;

import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The changes ops actions make to failed uploads. Each is one statement conditional on
 * the upload still being failed (and, for a retry, still having its bytes), and it locks
 * the rows it changes: when two requests race (a double click), the second finds the rows
 * no longer failed and changes nothing.
 *
 * <p>
 * A retry puts the upload back into the outbox (ADR 0002): {@code queued} with
 * {@code published_at} empty, so the outbox relay publishes its job within one relay
 * interval, with publisher confirms. Its attempts start again from 0, so the worker gives
 * it a full set of attempts; the round that failed is kept in {@code upload_retries}.
 */
@Repository
class Requeues {

	private static final String REQUEUE = """
			, requeued AS (
			    UPDATE uploads u
			    SET status = 'queued', attempts = 0, error_class = NULL, last_error = NULL, published_at = NULL,
			        started_at = NULL, finished_at = NULL, updated_at = now()
			    FROM picked WHERE u.id = picked.id
			    RETURNING u.id)
			INSERT INTO upload_retries (upload_id, action_id, attempts, error_class, last_error, failed_at)
			SELECT p.id, :action, p.attempts, p.error_class, p.last_error, p.finished_at
			FROM picked p JOIN requeued r ON r.id = p.id
			RETURNING upload_id
			""";

	private final JdbcClient jdbc;

	Requeues(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Requeue the given uploads that are failed and still have their bytes.
	 * @param action the audit entry of this retry
	 * @param ids the uploads asked for
	 * @return the uploads requeued
	 */
	List<UUID> retry(long action, List<UUID> ids) {
		return this.jdbc.sql("""
				WITH picked AS (
				    SELECT u.id, u.attempts, u.error_class, u.last_error, u.finished_at FROM uploads u
				    WHERE u.id IN (:ids) AND u.status = 'failed' AND u.discarded_at IS NULL
				      AND u.raw_bytes IS NOT NULL
				    FOR UPDATE)
				""" + REQUEUE).param("ids", ids).param("action", action).query(UUID.class).list();
	}

	/**
	 * Requeue one batch of the failed uploads that match a filter and failed before the
	 * retry was asked for (so an upload that fails again meanwhile is not taken twice).
	 * Rows another request holds are skipped, not waited for.
	 * @param action the audit entry of this retry; its time is the cut-off
	 * @param filter which failed uploads
	 * @param limit the batch size
	 * @return the uploads requeued; fewer than {@code limit} when none are left
	 */
	List<UUID> retryMatching(long action, FailureFilter filter, int limit) {
		return filter.bind(this.jdbc.sql("""
				WITH picked AS (
				    SELECT u.id, u.attempts, u.error_class, u.last_error, u.finished_at FROM uploads u
				    WHERE %s AND u.raw_bytes IS NOT NULL
				      AND u.finished_at <= (SELECT created_at FROM ops_actions WHERE id = :action)
				    ORDER BY u.finished_at
				    LIMIT :limit
				    FOR UPDATE SKIP LOCKED)
				""".formatted(filter.condition()) + REQUEUE))
			.param("action", action)
			.param("limit", limit)
			.query(UUID.class)
			.list();
	}

	/**
	 * Discard the given failed uploads: delete their raw bytes and mark them discarded.
	 * They stay failed with their reason.
	 * @param ids the uploads asked for
	 * @return the uploads discarded
	 */
	List<UUID> discard(List<UUID> ids) {
		return this.jdbc.sql("""
				UPDATE uploads SET raw_bytes = NULL, discarded_at = now(), updated_at = now()
				WHERE id IN (:ids) AND status = 'failed' AND discarded_at IS NULL
				RETURNING id
				""").param("ids", ids).query(UUID.class).list();
	}

}
