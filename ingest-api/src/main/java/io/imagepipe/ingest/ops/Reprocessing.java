package io.imagepipe.ingest.ops;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.imagepipe.contract.ImageKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reprocesses every served image after its slot's preset changed: for each image, a new
 * upload copying the raw bytes of the upload it is served from, unless a newer upload
 * exists, so a user's upload made meanwhile always wins. The outbox relay publishes the
 * new uploads. Batches of {@code imagepipe.ops.retry-batch-size}, one transaction each,
 * with {@code imagepipe.ops.retry-batch-pause} between them; the same statement as
 * {@code image-import reprocess}.
 */
@Service
class Reprocessing {

	private static final Logger log = LoggerFactory.getLogger(Reprocessing.class);

	private static final Comparator<ImageKey> ORDER = Comparator.comparing(ImageKey::ownerType)
		.thenComparing(ImageKey::ownerId)
		.thenComparing(ImageKey::slot);

	private final JdbcClient jdbc;

	private final AuditTrail audit;

	private final TransactionTemplate transaction;

	private final OpsProperties properties;

	Reprocessing(JdbcClient jdbc, AuditTrail audit, TransactionTemplate transaction, OpsProperties properties) {
		this.jdbc = jdbc;
		this.audit = audit;
		this.transaction = transaction;
		this.properties = properties;
	}

	ActionResult reprocessAll(String actor) {
		long images = this.jdbc.sql("SELECT count(*) FROM images").query(Long.class).single();
		long action = this.audit.open(actor, "reprocess", "all", Map.of("images", "all"), images);
		ImageKey after = null;
		int total = 0;
		int batches = 0;
		List<ImageKey> batch;
		do {
			if (batches > 0) {
				pause(this.properties.retryBatchPause());
			}
			ImageKey from = after;
			batch = this.transaction.execute((status) -> {
				List<ImageKey> queued = requeueBatch(from, this.properties.retryBatchSize());
				this.audit.addAffected(action, queued.size());
				return queued;
			});
			total += batch.size();
			batches++;
			after = batch.stream().max(ORDER).orElse(after);
		}
		while (!batch.isEmpty());
		this.audit.finish(action);
		log.info("{} queued {} of {} images for reprocessing in {} batches (audit {})", actor, total, images, batches,
				action);
		return new ActionResult(action, "reprocess", "all", images, total, List.of(), batches);
	}

	/**
	 * One batch, in key order after {@code after} ({@code null} for the first): a new
	 * queued upload per image whose served upload still has its bytes and is the newest
	 * upload of its image.
	 */
	private List<ImageKey> requeueBatch(ImageKey after, int size) {
		return this.jdbc.sql("""
				INSERT INTO uploads (id, owner_type, owner_id, slot, media_type, byte_size, width, height, raw_bytes,
				                     source_seq)
				SELECT gen_random_uuid(), u.owner_type, u.owner_id, u.slot, u.media_type, u.byte_size, u.width,
				       u.height, u.raw_bytes, coalesce(u.source_seq, u.seq)
				FROM images i JOIN uploads u ON u.id = i.upload_id
				WHERE (CAST(:first AS boolean) OR (i.owner_type, i.owner_id, i.slot) > (:ownerType, :ownerId, :slot))
				  AND u.raw_bytes IS NOT NULL
				  AND NOT EXISTS (SELECT 1 FROM uploads n WHERE n.owner_type = u.owner_type
				                  AND n.owner_id = u.owner_id AND n.slot = u.slot AND n.seq > u.seq)
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

	private static void pause(Duration pause) {
		try {
			Thread.sleep(pause.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
