package io.imagepipe.ingest.upload;

import java.util.List;

import io.imagepipe.contract.ImageKey;
import io.imagepipe.contract.upload.UploadTransitions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Deletes images: the served bytes, the renditions and the raw bytes of every upload of
 * the image, in one transaction, and records the deletion in {@code image_deletions}
 * (who, when, what). That row is also the deletion marker: its {@code upload_seq} is
 * drawn from the uploads' own sequence, so every upload of the image made before the
 * deletion ranks before it, also one still being committed while the deletion runs, and
 * compression-worker never writes such an upload's image (it ends {@code deleted}). An
 * upload made after the deletion is a newer intent and is served as usual.
 *
 * <p>
 * The deletion takes the same transaction-scoped advisory lock on the image as the
 * worker's write of it, so the two never interleave: the deletion removes an image
 * written before it, and the write sees a deletion committed before it.
 *
 * <p>
 * A deletion that finds nothing to remove (no image, and every upload of the image is
 * already {@code deleted} without bytes) records nothing: deleting twice leaves one row.
 */
@Repository
class ImageDeletions {

	private static final Logger log = LoggerFactory.getLogger(ImageDeletions.class);

	/** The longest actor the audit keeps. */
	private static final int MAX_ACTOR = 64;

	private final JdbcClient jdbc;

	private final UploadTransitions transitions;

	ImageDeletions(JdbcClient jdbc, UploadTransitions transitions) {
		this.jdbc = jdbc;
		this.transitions = transitions;
	}

	/**
	 * Delete one image and the raw bytes of all its uploads.
	 * @param key the image
	 * @param actor who asked (the token's subject)
	 * @param scope {@code image} for a DELETE of the image, {@code owner} for an erasure
	 * @return what was removed
	 */
	@Transactional
	Deletion delete(ImageKey key, String actor, String scope) {
		this.jdbc.sql("SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtextextended(:image, 17))) AS locked")
			.param("image", key.ownerType() + "/" + key.ownerId() + "/" + key.slot())
			.query(Integer.class)
			.single();
		long seq = this.jdbc.sql("SELECT nextval(pg_get_serial_sequence('uploads', 'seq'))").query(Long.class).single();
		List<Long> freed = this.transitions.deleteBefore(key, seq);
		long renditionBytes = this.jdbc.sql("""
				SELECT coalesce(sum(byte_size), 0) FROM image_renditions
				WHERE owner_type = :ownerType AND owner_id = :ownerId AND slot = :slot
				""")
			.param("ownerType", key.ownerType())
			.param("ownerId", key.ownerId())
			.param("slot", key.slot())
			.query(Long.class)
			.single();
		List<Long> image = this.jdbc.sql("""
				DELETE FROM images WHERE owner_type = :ownerType AND owner_id = :ownerId AND slot = :slot
				RETURNING byte_size::bigint
				""")
			.param("ownerType", key.ownerType())
			.param("ownerId", key.ownerId())
			.param("slot", key.slot())
			.query(Long.class)
			.list();
		boolean hadImage = !image.isEmpty();
		long bytesFreed = freed.stream().mapToLong(Long::longValue).sum()
				+ image.stream().mapToLong(Long::longValue).sum() + (hadImage ? renditionBytes : 0);
		if (!hadImage && freed.isEmpty()) {
			return new Deletion(key, false, 0, 0, false, 0);
		}
		long changeSeq = this.jdbc.sql("""
				INSERT INTO image_deletions (owner_type, owner_id, slot, upload_seq, actor, scope, had_image, uploads,
				                             bytes_freed)
				VALUES (:ownerType, :ownerId, :slot, :seq, :actor, :scope, :hadImage, :uploads, :bytesFreed)
				RETURNING change_seq
				""")
			.param("ownerType", key.ownerType())
			.param("ownerId", key.ownerId())
			.param("slot", key.slot())
			.param("seq", seq)
			.param("actor", truncated(actor))
			.param("scope", scope)
			.param("hadImage", hadImage)
			.param("uploads", freed.size())
			.param("bytesFreed", bytesFreed)
			.query(Long.class)
			.single();
		log.info("Image {} deleted by {} ({}): image {}, {} uploads, {} bytes freed", key, actor, scope,
				hadImage ? "removed" : "absent", freed.size(), bytesFreed);
		return new Deletion(key, hadImage, freed.size(), bytesFreed, true, changeSeq);
	}

	/**
	 * The slots of an owner that hold anything: an image, an upload, or a deletion marker
	 * (so that an upload committed after an erasure is still superseded on a repeat).
	 * @param ownerType the owner type
	 * @param ownerId the owner id
	 * @return the slot names, sorted
	 */
	List<String> slotsOf(String ownerType, String ownerId) {
		return this.jdbc.sql("""
				SELECT slot FROM images WHERE owner_type = :ownerType AND owner_id = :ownerId
				UNION SELECT slot FROM uploads WHERE owner_type = :ownerType AND owner_id = :ownerId
				ORDER BY slot
				""").param("ownerType", ownerType).param("ownerId", ownerId).query(String.class).list();
	}

	/**
	 * Record an owner's erasure in the ops audit trail.
	 * @param erasure its result
	 * @param actor who asked
	 */
	void audit(Erasure erasure, String actor) {
		this.jdbc.sql("""
				INSERT INTO ops_actions (actor, action, scope, criteria, requested, affected, finished_at)
				VALUES (:actor, 'erase', 'owner', CAST(:criteria AS jsonb), :requested, :affected, now())
				""")
			.param("actor", truncated(actor))
			.param("criteria",
					"{\"ownerType\":" + jsonString(erasure.ownerType()) + ",\"ownerId\":"
							+ jsonString(erasure.ownerId()) + "}")
			.param("requested", erasure.slots())
			.param("affected", erasure.imagesDeleted())
			.update();
	}

	private static String truncated(String actor) {
		return (actor.length() > MAX_ACTOR) ? actor.substring(0, MAX_ACTOR) : actor;
	}

	/** Owner types and ids are checked words (letters, digits, '-', '_'): no escaping. */
	private static String jsonString(String checked) {
		return "\"" + checked + "\"";
	}

	/**
	 * What one deletion removed.
	 *
	 * @param key the image
	 * @param hadImage whether an image was served
	 * @param uploads the uploads marked deleted or freed of their raw bytes
	 * @param bytesFreed the bytes removed: served image, renditions and raw uploads
	 * @param recorded whether a deletion row was recorded (false when there was nothing
	 * to delete)
	 * @param changeSeq the number of the change, for serving-api ({@code change_seq} of
	 * the deletion row); {@code 0} when nothing was recorded
	 */
	record Deletion(ImageKey key, boolean hadImage, int uploads, long bytesFreed, boolean recorded, long changeSeq) {
	}

	/**
	 * What an owner's erasure removed.
	 *
	 * @param ownerType the owner type
	 * @param ownerId the owner id
	 * @param slots the slots looked at
	 * @param imagesDeleted the served images removed
	 * @param uploadsDeleted the uploads marked deleted or freed of their raw bytes
	 * @param bytesFreed the bytes removed
	 */
	record Erasure(String ownerType, String ownerId, int slots, int imagesDeleted, int uploadsDeleted,
			long bytesFreed) {
	}

}
