package io.imagepipe.contract.upload;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

import io.imagepipe.contract.ImageKey;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.core.simple.JdbcClient.StatementSpec;
import org.springframework.jdbc.core.support.SqlBinaryValue;

/**
 * Every change of an {@code uploads} row, in one place: the state machine of an upload
 * (docs/architecture.md draws it). Each transition is one statement whose {@code WHERE}
 * is its guard, so a duplicate or late call (a redelivered job, a double click, a second
 * relay) finds the row in another state and changes nothing; the statements that rank
 * uploads ("newest upload wins") compare {@code seq}, and a reprocess copy ranks by the
 * {@code seq} of the upload it makes again ({@code source_seq}).
 *
 * <pre>
 * accept            (new)                      → queued        ingest-api
 * publish           queued, published_at set   (status kept)   ingest-api (publisher, outbox relay)
 * claim             queued | processing with an expired lease → processing   compression-worker
 * attempt failed    queued | processing        (status kept, lease released) compression-worker
 * done              processing                 → done          compression-worker
 * superseded        queued | processing | done → superseded    compression-worker
 * failed, parked    queued | processing        → failed        compression-worker
 * deleted           queued | processing        → deleted       compression-worker (deletion marker seen)
 * delete            any but deleted-without-bytes, older than the deletion → deleted   ingest-api
 * retry             failed, bytes kept, not discarded → queued (unpublished)          ops
 * discard           failed, not discarded      → failed without bytes                ops
 * expire            done | superseded not served, failed: bytes freed after a while   ingest-api retention
 * reprocess         done, served or newest, bytes kept → new queued copy              ops, image-import
 * </pre>
 *
 * <p>
 * No statement here reads or rewrites the raw bytes of an upload except the accept that
 * writes them and the ones that set them {@code NULL}. Reads are not here: each service
 * reads an upload without its bytes through its own read model (ingest-api's
 * {@code UploadRepository}).
 */
public class UploadTransitions {

	private static final String ACCEPT = """
			INSERT INTO uploads (id, owner_type, owner_id, slot, media_type, byte_size, width, height, raw_bytes)
			VALUES (:id, :ownerType, :ownerId, :slot, :mediaType, :size, :width, :height, :bytes)
			""";

	/** Which uploads may be made again: done, still holding their bytes, the newest. */
	private static final String REPROCESSABLE = """
			u.status = 'done' AND u.raw_bytes IS NOT NULL
			AND NOT EXISTS (SELECT 1 FROM uploads n WHERE n.owner_type = u.owner_type
			                AND n.owner_id = u.owner_id AND n.slot = u.slot AND n.seq > u.seq)
			""";

	private static final String REPROCESS_COPY = """
			INSERT INTO uploads (id, owner_type, owner_id, slot, media_type, byte_size, width, height, raw_bytes,
			                     source_seq)
			SELECT %s, u.owner_type, u.owner_id, u.slot, u.media_type, u.byte_size, u.width, u.height, u.raw_bytes,
			       coalesce(u.source_seq, u.seq)
			""";

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

	/**
	 * @param jdbc the client of the imagepipe database
	 */
	public UploadTransitions(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	// accept

	/**
	 * Accept an upload: a new {@code queued} row with its raw bytes, unpublished. The
	 * bytes are bound as they are, without a copy.
	 * @param upload what the upload is
	 * @param body the array holding the bytes
	 * @param offset where the bytes start in it
	 * @param length how many bytes
	 */
	public void accept(NewUpload upload, byte[] body, int offset, int length) {
		if (offset < 0 || length < 0 || offset + length > body.length) {
			throw new IndexOutOfBoundsException(
					"Bytes " + offset + ".." + (offset + length) + " of an array of " + body.length);
		}
		// a stream of known length: pgjdbc writes it to the socket from the caller's own
		// array (its setBytes would copy the whole array first)
		accept(upload, new SqlBinaryValue(new ByteArrayInputStream(body, offset, length), length), length);
	}

	/**
	 * Accept an upload whose bytes are read from a stream while the row is written.
	 * @param upload what the upload is
	 * @param body the bytes; exactly {@code length} are read
	 * @param length how many bytes
	 */
	public void accept(NewUpload upload, InputStream body, int length) {
		accept(upload, new SqlBinaryValue(body, length), length);
	}

	private void accept(NewUpload upload, SqlBinaryValue bytes, int length) {
		this.jdbc.sql(ACCEPT)
			.param("id", upload.id())
			.param("ownerType", upload.key().ownerType())
			.param("ownerId", upload.key().ownerId())
			.param("slot", upload.key().slot())
			.param("mediaType", upload.mediaType())
			.param("size", length)
			.param("width", upload.width())
			.param("height", upload.height())
			.param("bytes", bytes)
			.update();
	}

	// publish

	/**
	 * Record that an upload's job reached the broker.
	 * @param id the upload
	 */
	public void published(UUID id) {
		this.jdbc.sql("UPDATE uploads SET published_at = now() WHERE id = :id").param("id", id).update();
	}

	/**
	 * Put a queued upload back into the outbox after its publish failed.
	 * @param id the upload
	 */
	public void unpublished(UUID id) {
		this.jdbc.sql("UPDATE uploads SET published_at = NULL WHERE id = :id AND status = 'queued'")
			.param("id", id)
			.update();
	}

	/**
	 * Claim, for publishing, a batch of jobs that have no live delivery: queued uploads
	 * never published and older than the grace period, and uploads whose worker's lease
	 * ran out longer than the processing timeout ago without their job being published
	 * since. Claiming stamps {@code published_at}, so concurrent relays take disjoint
	 * batches.
	 * @param grace how old an unpublished job must be
	 * @param processingTimeout how long after its lease ran out a job in processing is
	 * published again
	 * @param limit the batch size
	 * @return the claimed upload ids
	 */
	public List<UUID> claimUndelivered(Duration grace, Duration processingTimeout, int limit) {
		return this.jdbc.sql("""
				UPDATE uploads SET published_at = now()
				WHERE id IN (
				    SELECT id FROM uploads
				    WHERE (status = 'queued' AND published_at IS NULL
				           AND created_at < now() - make_interval(secs => :grace))
				       OR (status = 'processing'
				           AND coalesce(lease_until, started_at) < now() - make_interval(secs => :processing)
				           AND published_at < now() - make_interval(secs => :processing))
				    ORDER BY created_at
				    LIMIT :limit
				    FOR UPDATE SKIP LOCKED)
				RETURNING id
				""")
			.param("grace", seconds(grace))
			.param("processing", seconds(processingTimeout))
			.param("limit", limit)
			.query(UUID.class)
			.list();
	}

	/**
	 * Claim, for publishing again, queued jobs published longer ago than
	 * {@code republishAfter}, oldest publication first.
	 * @param republishAfter how long a published job may stay queued
	 * @param limit how many at most
	 * @return the claimed upload ids
	 */
	public List<UUID> claimStale(Duration republishAfter, int limit) {
		if (limit <= 0) {
			return List.of();
		}
		return this.jdbc.sql("""
				UPDATE uploads SET published_at = now()
				WHERE id IN (
				    SELECT id FROM uploads
				    WHERE status = 'queued' AND published_at < now() - make_interval(secs => :republish)
				    ORDER BY published_at
				    LIMIT :limit
				    FOR UPDATE SKIP LOCKED)
				RETURNING id
				""").param("republish", seconds(republishAfter)).param("limit", limit).query(UUID.class).list();
	}

	// claim and the worker's outcomes

	/**
	 * Take an upload for processing, unless it is finished or another worker holds its
	 * live lease.
	 * @param id the upload
	 * @param lease how long the claim holds without a heartbeat
	 * @return the claim, empty when there is nothing to do now
	 */
	public Optional<Claim> claim(UUID id, Duration lease) {
		return this.jdbc.sql("""
				UPDATE uploads
				SET status = 'processing', attempts = attempts + 1, started_at = now(), updated_at = now(),
				    lease_until = now() + make_interval(secs => :lease)
				WHERE id = :id
				  AND (status = 'queued'
				       OR (status = 'processing' AND (lease_until IS NULL OR lease_until < now())))
				RETURNING id, seq, coalesce(source_seq, seq) AS source_seq, owner_type, owner_id, slot, attempts
				""")
			.param("id", id)
			.param("lease", seconds(lease))
			.query((rs, n) -> new Claim(rs.getObject("id", UUID.class), rs.getLong("seq"), rs.getLong("source_seq"),
					new ImageKey(rs.getString("owner_type"), rs.getString("owner_id"), rs.getString("slot")),
					rs.getInt("attempts")))
			.optional();
	}

	/**
	 * Move the lease of an upload in processing forward (the worker's heartbeat).
	 * @param id the upload
	 * @param lease how long from now
	 */
	public void extendLease(UUID id, Duration lease) {
		this.jdbc.sql("""
				UPDATE uploads SET lease_until = now() + make_interval(secs => :lease)
				WHERE id = :id AND status = 'processing'
				""").param("lease", seconds(lease)).param("id", id).update();
	}

	/**
	 * Record why an attempt failed before its job is retried; the status stays and the
	 * lease is released, so that the retry can claim the job at once.
	 * @param id the upload
	 * @param errorClass the class of the error
	 * @param reason why
	 */
	public void attemptFailed(UUID id, String errorClass, String reason) {
		this.jdbc.sql("""
				UPDATE uploads SET error_class = :errorClass, last_error = :reason, lease_until = NULL,
				                   updated_at = now()
				WHERE id = :id AND status IN ('queued', 'processing')
				""").param("id", id).param("errorClass", errorClass).param("reason", reason).update();
	}

	/**
	 * Mark a claimed upload done with the hash of its result.
	 * @param id the upload
	 * @param sha256 the hash of the WebP written
	 * @return whether this call finished it (false when a duplicate delivery did first)
	 */
	public boolean done(UUID id, String sha256) {
		return this.jdbc.sql("""
				UPDATE uploads SET status = 'done', result_sha256 = :sha256, error_class = NULL, last_error = NULL,
				                   finished_at = now(), updated_at = now()
				WHERE id = :id AND status = 'processing'
				""").param("id", id).param("sha256", sha256).update() == 1;
	}

	/**
	 * Mark an upload superseded: an upload that ranks after it is served already.
	 * @param id the upload
	 * @return whether this call changed it
	 */
	public boolean superseded(UUID id) {
		return this.jdbc.sql("""
				UPDATE uploads SET status = 'superseded', finished_at = now(), updated_at = now()
				WHERE id = :id AND status IN ('queued', 'processing', 'done')
				""").param("id", id).update() == 1;
	}

	/**
	 * Fail an upload that is not finished yet.
	 * @param id the upload
	 * @param errorClass the class of the error
	 * @param reason why, for the person who uploaded
	 * @return whether this call failed it
	 */
	public boolean failed(UUID id, String errorClass, String reason) {
		return this.jdbc.sql("""
				UPDATE uploads SET status = 'failed', error_class = :errorClass, last_error = :reason,
				                   finished_at = now(), updated_at = now()
				WHERE id = :id AND status IN ('queued', 'processing')
				""").param("id", id).param("errorClass", errorClass).param("reason", reason).update() == 1;
	}

	/**
	 * Fail an upload whose job the broker parked (ADR 0004): the same guard as
	 * {@link #failed}, so a job that finished meanwhile stays as it is.
	 * @param id the upload
	 * @param errorClass the class of the error
	 * @param reason why
	 * @return whether this call failed it
	 */
	public boolean parked(UUID id, String errorClass, String reason) {
		return failed(id, errorClass, reason);
	}

	/**
	 * End an upload whose image was deleted after it was made: it is {@code deleted} and
	 * its raw bytes go, as the deletion promised.
	 * @param id the upload
	 * @return whether this call changed it
	 */
	public boolean deleted(UUID id) {
		return this.jdbc.sql("""
				UPDATE uploads SET status = 'deleted', raw_bytes = NULL, lease_until = NULL, finished_at = now(),
				                   updated_at = now()
				WHERE id = :id AND status IN ('queued', 'processing')
				""").param("id", id).update() == 1;
	}

	/**
	 * Delete every upload of an image made before a deletion: {@code deleted}, without
	 * raw bytes. Call it inside the deletion's transaction, under the image's lock.
	 * @param key the image
	 * @param deletionSeq the deletion's place in the order of uploads
	 * @return for each upload changed, the raw bytes it held
	 */
	public List<Long> deleteBefore(ImageKey key, long deletionSeq) {
		return this.jdbc.sql("""
				WITH old AS (
				    SELECT id, CASE WHEN raw_bytes IS NULL THEN 0 ELSE byte_size END AS held FROM uploads
				    WHERE owner_type = :ownerType AND owner_id = :ownerId AND slot = :slot AND seq < :seq
				      AND (status <> 'deleted' OR raw_bytes IS NOT NULL)
				    FOR UPDATE)
				UPDATE uploads u
				SET status = 'deleted', raw_bytes = NULL, lease_until = NULL,
				    finished_at = coalesce(u.finished_at, now()), updated_at = now()
				FROM old WHERE u.id = old.id
				RETURNING old.held
				""")
			.param("ownerType", key.ownerType())
			.param("ownerId", key.ownerId())
			.param("slot", key.slot())
			.param("seq", deletionSeq)
			.query(Long.class)
			.list();
	}

	// ops: retry, discard

	/**
	 * Requeue the given uploads that are failed, not discarded and still have their
	 * bytes: {@code queued} with {@code published_at} empty, so the outbox relay
	 * publishes them; attempts start again from 0 and the round that failed is kept in
	 * {@code upload_retries}.
	 * @param action the audit entry of this retry
	 * @param ids the uploads asked for
	 * @return the uploads requeued
	 */
	public List<UUID> retry(long action, List<UUID> ids) {
		return this.jdbc.sql("""
				WITH picked AS (
				    SELECT u.id, u.attempts, u.error_class, u.last_error, u.finished_at FROM uploads u
				    WHERE u.id IN (:ids) AND u.status = 'failed' AND u.discarded_at IS NULL
				      AND u.raw_bytes IS NOT NULL
				    FOR UPDATE)
				""" + REQUEUE).param("ids", ids).param("action", action).query(UUID.class).list();
	}

	/**
	 * Requeue one batch of the failed uploads that match a condition and failed before
	 * the retry was asked for. Rows another request holds are skipped, not waited for.
	 * @param action the audit entry of this retry; its time is the cut-off
	 * @param condition an extra SQL condition on the uploads table aliased {@code u}
	 * @param bindCondition binds the parameters of {@code condition}
	 * @param limit the batch size
	 * @return the uploads requeued; fewer than {@code limit} when none are left
	 */
	public List<UUID> retryMatching(long action, String condition, UnaryOperator<StatementSpec> bindCondition,
			int limit) {
		return bindCondition.apply(this.jdbc.sql("""
				WITH picked AS (
				    SELECT u.id, u.attempts, u.error_class, u.last_error, u.finished_at FROM uploads u
				    WHERE u.status = 'failed' AND u.discarded_at IS NULL AND u.raw_bytes IS NOT NULL AND (%s)
				      AND u.finished_at <= (SELECT created_at FROM ops_actions WHERE id = :action)
				    ORDER BY u.finished_at
				    LIMIT :limit
				    FOR UPDATE SKIP LOCKED)
				""".formatted(condition) + REQUEUE))
			.param("action", action)
			.param("limit", limit)
			.query(UUID.class)
			.list();
	}

	/**
	 * Discard the given failed uploads: their raw bytes go and they are marked discarded.
	 * They stay failed with their reason.
	 * @param ids the uploads asked for
	 * @return the uploads discarded
	 */
	public List<UUID> discard(List<UUID> ids) {
		return this.jdbc.sql("""
				UPDATE uploads SET raw_bytes = NULL, discarded_at = now(), updated_at = now()
				WHERE id IN (:ids) AND status = 'failed' AND discarded_at IS NULL
				RETURNING id
				""").param("ids", ids).query(UUID.class).list();
	}

	// retention

	/**
	 * Free the raw bytes of one batch of finished uploads that no longer need them: a
	 * superseded upload, or a done one that is no longer served, finished longer than
	 * {@code replacedAfter} ago; a failed one finished longer than {@code failedAfter}
	 * ago (it is then discarded too). Rows another transaction holds are skipped.
	 * @param replacedAfter how long replaced uploads keep their bytes
	 * @param failedAfter how long failed uploads keep their bytes
	 * @param limit the batch size
	 * @return what was freed
	 */
	public List<Expired> expire(Duration replacedAfter, Duration failedAfter, int limit) {
		return this.jdbc
			.sql("""
					WITH due AS (
					    SELECT u.id, u.status, u.byte_size FROM uploads u
					    WHERE u.raw_bytes IS NOT NULL
					      AND ((u.status IN ('superseded', 'done') AND u.finished_at < now() - make_interval(secs => :replaced)
					            AND NOT EXISTS (SELECT 1 FROM images i WHERE i.upload_id = u.id))
					           OR (u.status = 'failed' AND u.finished_at < now() - make_interval(secs => :failed)))
					    ORDER BY u.finished_at
					    LIMIT :size
					    FOR UPDATE OF u SKIP LOCKED)
					UPDATE uploads u
					SET raw_bytes = NULL, updated_at = now(),
					    discarded_at = CASE WHEN due.status = 'failed' THEN coalesce(u.discarded_at, now()) ELSE u.discarded_at END
					FROM due WHERE u.id = due.id
					RETURNING due.status, due.byte_size
					""")
			.param("replaced", seconds(replacedAfter))
			.param("failed", seconds(failedAfter))
			.param("size", limit)
			.query((rs, n) -> new Expired(rs.getString(1), rs.getLong(2)))
			.list();
	}

	// reprocess

	/**
	 * Make an upload again: a new queued upload with its raw bytes, provided it is done,
	 * still has its bytes and is still the newest upload of its image. The copy records
	 * the user's upload it remakes ({@code source_seq}), so the worker never lets it
	 * replace an upload made after that one. The outbox relay publishes it.
	 * @param source the upload to make again
	 * @return the new upload, empty when the source is no longer eligible
	 */
	public Optional<UUID> reprocess(UUID source) {
		UUID id = UUID.randomUUID();
		int inserted = this.jdbc.sql(REPROCESS_COPY.formatted(":copy") + """
				FROM uploads u
				WHERE u.id = :source AND
				""" + REPROCESSABLE).param("copy", id).param("source", source).update();
		return (inserted == 1) ? Optional.of(id) : Optional.empty();
	}

	/**
	 * Make the served images again, one batch in key order: for each image after
	 * {@code after} whose served upload is still eligible (see {@link #reprocess}), a new
	 * queued copy of that upload.
	 * @param after the last image of the previous batch, {@code null} for the first
	 * @param size the batch size
	 * @return the images queued again
	 */
	public List<ImageKey> reprocessServed(ImageKey after, int size) {
		return this.jdbc.sql(REPROCESS_COPY.formatted("gen_random_uuid()") + """
				FROM images i JOIN uploads u ON u.id = i.upload_id
				WHERE (CAST(:first AS boolean) OR (i.owner_type, i.owner_id, i.slot) > (:ownerType, :ownerId, :slot))
				  AND
				""" + REPROCESSABLE + """
				ORDER BY i.owner_type, i.owner_id, i.slot
				LIMIT :size
				RETURNING owner_type, owner_id, slot
				""")
			.param("first", after == null)
			.param("ownerType", (after != null) ? after.ownerType() : "")
			.param("ownerId", (after != null) ? after.ownerId() : "")
			.param("slot", (after != null) ? after.slot() : "")
			.param("size", size)
			.query((rs, n) -> new ImageKey(rs.getString(1), rs.getString(2), rs.getString(3)))
			.list();
	}

	private static double seconds(Duration duration) {
		return duration.toMillis() / 1000.0;
	}

	/**
	 * What an accepted upload is, besides its bytes.
	 *
	 * @param id the new upload's id
	 * @param key the image it is for
	 * @param mediaType the media type its header shows
	 * @param width its width in pixels
	 * @param height its height in pixels
	 */
	public record NewUpload(UUID id, ImageKey key, String mediaType, int width, int height) {
	}

	/**
	 * A claimed upload.
	 *
	 * @param id the upload
	 * @param seq its place in the order of all uploads: a higher one is newer
	 * @param sourceSeq for a reprocess copy, the seq of the user's upload it makes again;
	 * else {@code seq}. Uploads of an image rank by {@code (sourceSeq, seq)}
	 * @param key the image it is for
	 * @param attempts the attempts so far, this one included
	 */
	public record Claim(UUID id, long seq, long sourceSeq, ImageKey key, int attempts) {
	}

	/**
	 * An upload whose raw bytes the retention freed.
	 *
	 * @param status its status
	 * @param bytes how many bytes were freed
	 */
	public record Expired(String status, long bytes) {
	}

}
