package io.imagepipe.ops;

import java.util.Comparator;
import java.util.List;

import io.imagepipe.contract.ImageKey;
import io.imagepipe.contract.upload.UploadTransitions;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reprocesses every served image after its slot's preset changed: for each image, a new
 * upload copying the raw bytes of the upload it is served from, while that upload is done
 * and no newer upload exists (the reprocess transition of {@link UploadTransitions},
 * shared with {@code image-import reprocess}). Each copy records the user's upload it
 * remakes ({@code source_seq}), so the worker never lets it replace an upload made after
 * that one, even one still being committed while the batch ran. ingest-api's outbox relay
 * publishes the new uploads. Runs in the background ({@link BulkActions}) in key order,
 * in batches of {@code imagepipe.ops.retry-batch-size}, one transaction each, which also
 * moves the action's cursor past the batch's last key.
 */
@Service
class Reprocessing implements BulkWork {

	private static final Comparator<ImageKey> ORDER = Comparator.comparing(ImageKey::ownerType)
		.thenComparing(ImageKey::ownerId)
		.thenComparing(ImageKey::slot);

	private final JdbcTemplate jdbc;

	private final UploadTransitions transitions;

	private final AuditTrail audit;

	private final TransactionTemplate transaction;

	private final OpsProperties properties;

	Reprocessing(JdbcTemplate jdbc, UploadTransitions transitions, AuditTrail audit, TransactionTemplate transaction,
			OpsProperties properties) {
		this.jdbc = jdbc;
		this.transitions = transitions;
		this.audit = audit;
		this.transaction = transaction;
		this.properties = properties;
	}

	@Override
	public String action() {
		return "reprocess";
	}

	@Override
	public int lockKey() {
		return 1;
	}

	/**
	 * How many images there are to reprocess, for the audit entry.
	 * @return the number of served images
	 */
	long count() {
		return this.jdbc.queryForObject("SELECT count(*) FROM images", Long.class);
	}

	@Override
	public boolean batch(AuditEntry action) {
		return Boolean.TRUE.equals(this.transaction.execute((status) -> {
			ImageKey after = parseCursor(this.audit.cursor(action.id()));
			List<ImageKey> queued = requeueBatch(after, this.properties.retryBatchSize());
			ImageKey last = queued.stream().max(ORDER).orElse(null);
			this.audit.batchDone(action.id(), queued.size(), (last != null) ? last.path() : null);
			return !queued.isEmpty();
		}));
	}

	private static ImageKey parseCursor(String cursor) {
		if (cursor == null) {
			return null;
		}
		String[] parts = cursor.split("/");
		return new ImageKey(parts[2], parts[3], parts[4]);
	}

	/**
	 * One batch, in key order after {@code after} ({@code null} for the first): the
	 * transition {@code image-import reprocess} runs too, image by image
	 * ({@link UploadTransitions#reprocessServed}).
	 */
	private List<ImageKey> requeueBatch(ImageKey after, int size) {
		return this.transitions.reprocessServed(after, size);
	}

}
