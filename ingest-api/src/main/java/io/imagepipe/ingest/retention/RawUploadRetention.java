package io.imagepipe.ingest.retention;

import java.util.List;

import io.imagepipe.contract.upload.UploadTransitions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Frees the raw bytes of uploads that can no longer be needed, in small batches:
 * <ul>
 * <li>a superseded upload, or a done one that is no longer the image's current upload,
 * {@code imagepipe.retention.replaced-after} (1 h) after it finished;</li>
 * <li>a failed upload {@code imagepipe.retention.failed-after} (14 days) after it failed;
 * it is then {@code discarded}, as if ops staff had discarded it (it can no longer be
 * retried, and the console says so).</li>
 * </ul>
 * The upload behind the current image keeps its bytes (reprocessing after a preset change
 * reads them), and so do uploads still queued or processing. The row itself stays, with
 * its size, status and history.
 *
 * <p>
 * Safe with several instances: each batch is one transaction that first tries a
 * transaction-scoped advisory lock ({@value #LOCK_KEY}); an instance that does not get it
 * skips its run, since another is cleaning up. Rows are taken {@code FOR UPDATE SKIP
 * LOCKED}, so a batch never waits for an upload a user action holds.
 *
 * <p>
 * Metrics: {@code imagepipe_retention_freed_uploads_total{status}},
 * {@code imagepipe_retention_freed_bytes_total{status}} and
 * {@code imagepipe_retention_runs_total{result}} ({@code done}, {@code skipped},
 * {@code failed}).
 */
@Component
public class RawUploadRetention {

	/** The advisory lock of the cleanup: "imagepipe" "retention". */
	static final long LOCK_KEY = 0x696d_6700_7265_7431L;

	private static final Logger log = LoggerFactory.getLogger(RawUploadRetention.class);

	private final JdbcClient jdbc;

	private final UploadTransitions transitions;

	private final TransactionTemplate transaction;

	private final RetentionProperties properties;

	private final MeterRegistry meters;

	public RawUploadRetention(JdbcClient jdbc, UploadTransitions transitions, TransactionTemplate transaction,
			RetentionProperties properties, MeterRegistry meters) {
		this.jdbc = jdbc;
		this.transitions = transitions;
		this.transaction = transaction;
		this.properties = properties;
		this.meters = meters;
	}

	/**
	 * The scheduled run, unless retention is off.
	 */
	@Scheduled(fixedDelayString = "${imagepipe.retention.interval:1m}",
			initialDelayString = "${imagepipe.retention.initial-delay:30s}")
	void scheduled() {
		if (!this.properties.enabled()) {
			return;
		}
		try {
			run();
		}
		catch (RuntimeException ex) {
			runs("failed").increment();
			log.warn("Raw upload cleanup failed; it runs again in {}: {}", this.properties.interval(), ex.toString());
		}
	}

	/**
	 * Free what is due, batch by batch, until a batch finds less than a full batch or the
	 * run's batches are used up.
	 * @return the uploads freed, or {@code -1} when another instance holds the lock
	 */
	public int run() {
		int freed = 0;
		for (int batch = 0; batch < this.properties.maxBatches(); batch++) {
			Integer done = this.transaction.execute((status) -> batch());
			if (done == null || done < 0) {
				if (batch == 0) {
					runs("skipped").increment();
					return -1;
				}
				break;
			}
			freed += done;
			if (done < this.properties.batchSize()) {
				break;
			}
		}
		runs("done").increment();
		if (freed > 0) {
			log.info("Raw upload cleanup freed the bytes of {} uploads", freed);
		}
		return freed;
	}

	private int batch() {
		boolean locked = Boolean.TRUE.equals(this.jdbc.sql("SELECT pg_try_advisory_xact_lock(:key)")
			.param("key", LOCK_KEY)
			.query(Boolean.class)
			.single());
		if (!locked) {
			return -1;
		}
		List<UploadTransitions.Expired> freed = this.transitions.expire(this.properties.replacedAfter(),
				this.properties.failedAfter(), this.properties.batchSize());
		for (UploadTransitions.Expired upload : freed) {
			Counter.builder("imagepipe.retention.freed.uploads")
				.description("Raw uploads whose bytes the retention freed, by status")
				.tag("status", upload.status())
				.register(this.meters)
				.increment();
			Counter.builder("imagepipe.retention.freed.bytes")
				.description("Raw upload bytes the retention freed, by status")
				.baseUnit("bytes")
				.tag("status", upload.status())
				.register(this.meters)
				.increment(upload.bytes());
		}
		return freed.size();
	}

	private Counter runs(String result) {
		return Counter.builder("imagepipe.retention.runs")
			.description("Runs of the raw upload cleanup, by result")
			.tag("result", result)
			.register(this.meters);
	}

}
