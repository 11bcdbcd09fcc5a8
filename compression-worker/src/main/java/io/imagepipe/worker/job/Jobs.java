package io.imagepipe.worker.job;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import io.imagepipe.contract.ImageKey;
import io.imagepipe.contract.upload.UploadTransitions;
import io.imagepipe.worker.compress.CompressedImage;
import io.imagepipe.worker.compress.Rendition;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The uploads and images tables as the worker changes them. The state changes of an
 * upload are the shared {@link UploadTransitions}: each is conditional on the current
 * state, so duplicate and late deliveries change nothing. The images it writes, and the
 * reads that decide which transition applies, are here.
 */
@Repository
class Jobs {

	private final JdbcClient jdbc;

	private final UploadTransitions transitions;

	private final JobMetrics metrics;

	Jobs(JdbcClient jdbc, UploadTransitions transitions, JobMetrics metrics) {
		this.jdbc = jdbc;
		this.transitions = transitions;
		this.metrics = metrics;
	}

	/**
	 * Take an upload for processing, unless it is finished or another worker holds its
	 * live lease.
	 * @param id the upload
	 * @param lease how long the claim holds without a heartbeat
	 * @return the claimed job, empty when there is nothing to do now
	 */
	Optional<Claim> claim(UUID id, Duration lease) {
		return this.transitions.claim(id, lease)
			.map((claim) -> new Claim(claim.id(), claim.seq(), claim.sourceSeq(), claim.key(), claim.attempts()));
	}

	/**
	 * How long another worker's lease on an upload still runs.
	 * @param id the upload
	 * @return the time left, empty when the upload is not held
	 */
	Optional<Duration> leaseLeft(UUID id) {
		return this.jdbc.sql("""
				SELECT (extract(epoch FROM lease_until - now()) * 1000)::bigint FROM uploads
				WHERE id = :id AND status = 'processing' AND lease_until >= now()
				""").param("id", id).query(Long.class).optional().map(Duration::ofMillis);
	}

	/**
	 * Tell whether the image is already served from an upload that ranks after this one
	 * (see {@link Claim#sourceSeq()}).
	 */
	boolean newerImageServed(Claim claim) {
		return Boolean.TRUE.equals(this.jdbc.sql("""
				SELECT EXISTS (SELECT 1 FROM images i JOIN uploads c ON c.id = i.upload_id
				               WHERE i.owner_type = :ownerType AND i.owner_id = :ownerId AND i.slot = :slot
				                 AND (coalesce(c.source_seq, c.seq), i.upload_seq) > (:sourceSeq, :seq))
				""")
			.param("ownerType", claim.key().ownerType())
			.param("ownerId", claim.key().ownerId())
			.param("slot", claim.key().slot())
			.param("sourceSeq", claim.sourceSeq())
			.param("seq", claim.seq())
			.query(Boolean.class)
			.single());
	}

	/**
	 * Wait for, then hold until the transaction ends, the lock on one image that its
	 * deletion takes too (ingest-api's {@code ImageDeletions}): a deletion and the write
	 * of the same image's upload never interleave, so the write sees a deletion committed
	 * before it, and a deletion removes an image written before it.
	 */
	void lockImage(ImageKey key) {
		this.jdbc.sql("SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtextextended(:image, 17))) AS locked")
			.param("image", key.ownerType() + "/" + key.ownerId() + "/" + key.slot())
			.query(Integer.class)
			.single();
	}

	/**
	 * Tell whether the image was deleted after this upload was made: a deletion marker
	 * ({@code image_deletions}) ranks after the upload (a reprocess copy by its source's
	 * seq, see {@link Claim#sourceSeq()}). Such an upload is never written: newest intent
	 * wins, and a later upload ranks after the deletion.
	 */
	boolean deletedSince(Claim claim) {
		return Boolean.TRUE.equals(this.jdbc.sql("""
				SELECT EXISTS (SELECT 1 FROM image_deletions
				               WHERE owner_type = :ownerType AND owner_id = :ownerId AND slot = :slot
				                 AND upload_seq > :sourceSeq)
				""")
			.param("ownerType", claim.key().ownerType())
			.param("ownerId", claim.key().ownerId())
			.param("slot", claim.key().slot())
			.param("sourceSeq", claim.sourceSeq())
			.query(Boolean.class)
			.single());
	}

	/**
	 * End an upload whose image was deleted after it was made: it is {@code deleted} and
	 * its raw bytes go, as the deletion promised.
	 */
	void markDeleted(UUID id) {
		this.transitions.deleted(id);
	}

	Optional<byte[]> rawBytes(UUID id) {
		return this.jdbc.sql("SELECT raw_bytes FROM uploads WHERE id = :id AND raw_bytes IS NOT NULL")
			.param("id", id)
			.query(byte[].class)
			.optional();
	}

	/**
	 * Mark a claimed upload done with its result.
	 * @return whether this call finished it (false when a duplicate delivery did first)
	 */
	boolean markDone(UUID id, String sha256) {
		return this.transitions.done(id, sha256);
	}

	/**
	 * Write the image to serve and its renditions, unless an image from an upload that
	 * ranks after this one (see {@link Claim#sourceSeq()}) is already there. Call it
	 * inside a transaction: the image row's lock keeps a concurrent write of the same
	 * image from mixing in its renditions.
	 * @return the number of the change ({@code change_seq}) when the image now comes from
	 * this upload, else empty
	 */
	OptionalLong writeImage(Claim claim, CompressedImage image) {
		Optional<Long> written = this.jdbc.sql("""
				INSERT INTO images (owner_type, owner_id, slot, upload_id, upload_seq, bytes, width, height,
				                    byte_size, sha256, quality, encode_millis, placeholder_color)
				VALUES (:ownerType, :ownerId, :slot, :uploadId, :seq, :bytes, :width, :height,
				        :size, :sha256, :quality, :millis, :placeholder)
				ON CONFLICT (owner_type, owner_id, slot) DO UPDATE
				SET upload_id = EXCLUDED.upload_id, upload_seq = EXCLUDED.upload_seq, bytes = EXCLUDED.bytes,
				    width = EXCLUDED.width, height = EXCLUDED.height, byte_size = EXCLUDED.byte_size,
				    version = images.version + CASE WHEN images.sha256 = EXCLUDED.sha256 THEN 0 ELSE 1 END,
				    sha256 = EXCLUDED.sha256, quality = EXCLUDED.quality, encode_millis = EXCLUDED.encode_millis,
				    placeholder_color = EXCLUDED.placeholder_color, updated_at = now()
				WHERE (coalesce((SELECT coalesce(c.source_seq, c.seq) FROM uploads c WHERE c.id = images.upload_id),
				                images.upload_seq), images.upload_seq) < (:sourceSeq, EXCLUDED.upload_seq)
				RETURNING change_seq
				""")
			.param("ownerType", claim.key().ownerType())
			.param("ownerId", claim.key().ownerId())
			.param("slot", claim.key().slot())
			.param("uploadId", claim.id())
			.param("seq", claim.seq())
			.param("sourceSeq", claim.sourceSeq())
			.param("bytes", image.bytes())
			.param("width", image.width())
			.param("height", image.height())
			.param("size", image.bytes().length)
			.param("sha256", image.sha256())
			.param("quality", image.quality())
			.param("millis", (int) image.encodeMillis())
			.param("placeholder", image.placeholderColor())
			.query(Long.class)
			.optional();
		if (written.isEmpty()) {
			return OptionalLong.empty();
		}
		replaceRenditions(claim.key(), image.renditions());
		return OptionalLong.of(written.get());
	}

	private void replaceRenditions(ImageKey key, List<Rendition> renditions) {
		this.jdbc
			.sql("DELETE FROM image_renditions WHERE owner_type = :ownerType AND owner_id = :ownerId AND slot = :slot")
			.param("ownerType", key.ownerType())
			.param("ownerId", key.ownerId())
			.param("slot", key.slot())
			.update();
		for (Rendition rendition : renditions) {
			this.jdbc.sql("""
					INSERT INTO image_renditions (owner_type, owner_id, slot, width, height, bytes, byte_size, sha256,
					                              quality)
					VALUES (:ownerType, :ownerId, :slot, :width, :height, :bytes, :size, :sha256, :quality)
					""")
				.param("ownerType", key.ownerType())
				.param("ownerId", key.ownerId())
				.param("slot", key.slot())
				.param("width", rendition.width())
				.param("height", rendition.height())
				.param("bytes", rendition.bytes())
				.param("size", rendition.bytes().length)
				.param("sha256", rendition.sha256())
				.param("quality", rendition.quality())
				.update();
		}
	}

	void markSuperseded(UUID id) {
		this.transitions.superseded(id);
	}

	/**
	 * Fail an upload that is not finished yet.
	 * @return whether this call failed it
	 */
	boolean markFailed(UUID id, String errorClass, String reason) {
		boolean failed = this.transitions.failed(id, errorClass, reason);
		if (failed) {
			this.metrics.failed(errorClass);
		}
		return failed;
	}

	/**
	 * Fail an upload whose job the broker parked, unless it finished meanwhile.
	 * @return whether this call failed it
	 */
	boolean markParked(UUID id, String reason) {
		boolean failed = this.transitions.parked(id, ErrorClass.WORKER_CRASH, reason);
		if (failed) {
			this.metrics.failed(ErrorClass.WORKER_CRASH);
		}
		return failed;
	}

	/**
	 * Record why an attempt failed before the job is retried; the lease is released, so
	 * that the retry can claim the job at once.
	 */
	void recordError(UUID id, String errorClass, String reason) {
		this.transitions.attemptFailed(id, errorClass, reason);
	}

	/**
	 * A claimed upload.
	 *
	 * @param id the upload
	 * @param seq its place in the order of all uploads: a higher one is newer
	 * @param sourceSeq for a reprocess copy, the seq of the user's upload it makes again;
	 * else {@code seq}. Uploads of an image rank by {@code (sourceSeq, seq)}: a copy
	 * replaces its source's image but never an upload made after its source
	 * @param key the image it is for
	 * @param attempts the attempts so far, this one included
	 */
	record Claim(UUID id, long seq, long sourceSeq, ImageKey key, int attempts) {
	}

}
