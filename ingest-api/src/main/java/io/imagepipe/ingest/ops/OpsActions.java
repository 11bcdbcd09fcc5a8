package io.imagepipe.ingest.ops;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The actions ops staff take on failed uploads. Each is recorded in the audit trail with
 * who took it, and changes only uploads that are still failed, so repeating one (a double
 * click) changes nothing the second time.
 */
@Service
class OpsActions {

	private static final Logger log = LoggerFactory.getLogger(OpsActions.class);

	private final Requeues requeues;

	private final FailedUploads failed;

	private final AuditTrail audit;

	private final TransactionTemplate transaction;

	private final OpsProperties properties;

	private final Counter requeued;

	private final Counter discarded;

	OpsActions(Requeues requeues, FailedUploads failed, AuditTrail audit, TransactionTemplate transaction,
			OpsProperties properties, MeterRegistry registry) {
		this.requeues = requeues;
		this.failed = failed;
		this.audit = audit;
		this.transaction = transaction;
		this.properties = properties;
		this.requeued = Counter.builder("imagepipe.ops.uploads")
			.description("Failed uploads changed by ops actions")
			.tag("action", "retry")
			.register(registry);
		this.discarded = Counter.builder("imagepipe.ops.uploads")
			.description("Failed uploads changed by ops actions")
			.tag("action", "discard")
			.register(registry);
	}

	/**
	 * Retry the given failed uploads, in one transaction.
	 * @param ids one upload, or the ones selected
	 * @param actor who asks
	 * @return how many were requeued
	 */
	ActionResult retry(List<UUID> ids, String actor) {
		List<UUID> distinct = ids.stream().distinct().toList();
		String scope = (distinct.size() == 1) ? "one" : "selected";
		ActionResult result = this.transaction.execute((status) -> {
			long action = this.audit.open(actor, "retry", scope, Map.of("uploadIds", distinct), distinct.size());
			List<UUID> changed = this.requeues.retry(action, distinct);
			this.audit.addAffected(action, changed.size());
			this.audit.finish(action);
			return new ActionResult(action, "retry", scope, distinct.size(), changed.size(), changed, 1);
		});
		this.requeued.increment(result.affected());
		log.info("{} retried {} of {} uploads asked for (audit {})", actor, result.affected(), distinct.size(),
				result.auditId());
		return result;
	}

	/**
	 * Retry every failed upload that matches a filter, in batches of
	 * {@code imagepipe.ops.retry-batch-size}, one transaction each, with
	 * {@code imagepipe.ops.retry-batch-pause} between them. The audit entry counts the
	 * uploads requeued so far while it runs.
	 * @param filter which failed uploads (discarded ones never match)
	 * @param actor who asks
	 * @return how many matched and how many were requeued
	 */
	ActionResult retryMatching(FailureFilter filter, String actor) {
		FailureFilter retryable = filter.retryable();
		long matched = this.failed.count(retryable);
		long action = this.audit.open(actor, "retry", "matching", retryable.describe(), matched);
		int total = 0;
		int batches = 0;
		int size = this.properties.retryBatchSize();
		List<UUID> batch;
		do {
			if (batches > 0) {
				pause(this.properties.retryBatchPause());
			}
			batch = this.transaction.execute((status) -> {
				List<UUID> changed = this.requeues.retryMatching(action, retryable, size);
				this.audit.addAffected(action, changed.size());
				return changed;
			});
			total += batch.size();
			batches++;
			this.requeued.increment(batch.size());
		}
		while (batch.size() == size);
		this.audit.finish(action);
		log.info("{} retried {} failed uploads matching {} in {} batches (audit {})", actor, total,
				retryable.describe(), batches, action);
		return new ActionResult(action, "retry", "matching", matched, total, List.of(), batches);
	}

	/**
	 * Discard the given failed uploads: their bytes are deleted, they stay failed.
	 * @param ids one upload, or the ones selected
	 * @param actor who asks
	 * @return how many were discarded
	 */
	ActionResult discard(List<UUID> ids, String actor) {
		List<UUID> distinct = ids.stream().distinct().toList();
		String scope = (distinct.size() == 1) ? "one" : "selected";
		ActionResult result = this.transaction.execute((status) -> {
			long action = this.audit.open(actor, "discard", scope, Map.of("uploadIds", distinct), distinct.size());
			List<UUID> changed = this.requeues.discard(distinct);
			this.audit.addAffected(action, changed.size());
			this.audit.finish(action);
			return new ActionResult(action, "discard", scope, distinct.size(), changed.size(), changed, 1);
		});
		this.discarded.increment(result.affected());
		log.info("{} discarded {} of {} uploads asked for (audit {})", actor, result.affected(), distinct.size(),
				result.auditId());
		return result;
	}

	private static void pause(Duration pause) {
		try {
			Thread.sleep(pause);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted between retry batches", ex);
		}
	}

}
