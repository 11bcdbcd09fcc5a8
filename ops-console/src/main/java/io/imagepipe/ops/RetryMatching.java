package io.imagepipe.ops;

import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * "Retry all matching": every failed upload that matches a filter and failed before the
 * action started gets a new round, in batches of {@code imagepipe.ops.retry-batch-size}.
 * The filter is the action's recorded criteria, so a run resumed after a restart retries
 * exactly what the first one would have; what it already requeued is no longer failed.
 */
@Component
class RetryMatching implements BulkWork {

	private final Requeues requeues;

	private final AuditTrail audit;

	private final TransactionTemplate transaction;

	private final OpsProperties properties;

	private final JsonMapper json;

	private final Counter requeued;

	RetryMatching(Requeues requeues, AuditTrail audit, TransactionTemplate transaction, OpsProperties properties,
			JsonMapper json, MeterRegistry registry) {
		this.requeues = requeues;
		this.audit = audit;
		this.transaction = transaction;
		this.properties = properties;
		this.json = json;
		this.requeued = Counter.builder("imagepipe.ops.uploads")
			.description("Failed uploads changed by ops actions")
			.tag("action", "retry")
			.register(registry);
	}

	@Override
	public String action() {
		return "retry";
	}

	@Override
	public int lockKey() {
		return 2;
	}

	@Override
	public boolean batch(AuditEntry action) {
		FailureFilter filter = this.json.treeToValue(action.criteria(), FailureFilter.class).retryable();
		int size = this.properties.retryBatchSize();
		List<UUID> changed = this.transaction.execute((status) -> {
			List<UUID> batch = this.requeues.retryMatching(action.id(), filter, size);
			this.audit.batchDone(action.id(), batch.size(), null);
			return batch;
		});
		this.requeued.increment(changed.size());
		return changed.size() == size;
	}

}
