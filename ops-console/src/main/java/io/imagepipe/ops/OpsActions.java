package io.imagepipe.ops;

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
 * The actions ops staff take on one failed upload or the selected ones, in one request.
 * Each is recorded in the audit trail with who took it, and changes only uploads that are
 * still failed, so repeating one (a double click) changes nothing the second time. The
 * bulk actions run in the background ({@link BulkActions}).
 */
@Service
class OpsActions {

	private static final Logger log = LoggerFactory.getLogger(OpsActions.class);

	private final Requeues requeues;

	private final AuditTrail audit;

	private final TransactionTemplate transaction;

	private final Counter requeued;

	private final Counter discarded;

	OpsActions(Requeues requeues, AuditTrail audit, TransactionTemplate transaction, MeterRegistry registry) {
		this.requeues = requeues;
		this.audit = audit;
		this.transaction = transaction;
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

}
