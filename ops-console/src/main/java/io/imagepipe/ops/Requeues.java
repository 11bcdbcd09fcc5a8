package io.imagepipe.ops;

import java.util.List;
import java.util.UUID;

import io.imagepipe.contract.upload.UploadTransitions;

import org.springframework.stereotype.Repository;

/**
 * The changes ops actions make to failed uploads, as the shared {@link UploadTransitions}
 * define them. Each is one statement conditional on the upload still being failed (and,
 * for a retry, still having its bytes), and it locks the rows it changes: when two
 * requests race (a double click), the second finds the rows no longer failed and changes
 * nothing.
 *
 * <p>
 * A retry puts the upload back into the outbox (ADR 0002): {@code queued} with
 * {@code published_at} empty, so the outbox relay publishes its job within one relay
 * interval, with publisher confirms. Its attempts start again from 0, so the worker gives
 * it a full set of attempts; the round that failed is kept in {@code upload_retries}.
 */
@Repository
class Requeues {

	private final UploadTransitions transitions;

	Requeues(UploadTransitions transitions) {
		this.transitions = transitions;
	}

	/**
	 * Requeue the given uploads that are failed and still have their bytes.
	 * @param action the audit entry of this retry
	 * @param ids the uploads asked for
	 * @return the uploads requeued
	 */
	List<UUID> retry(long action, List<UUID> ids) {
		return this.transitions.retry(action, ids);
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
		return this.transitions.retryMatching(action, filter.condition(), filter::bind, limit);
	}

	/**
	 * Discard the given failed uploads: delete their raw bytes and mark them discarded.
	 * They stay failed with their reason.
	 * @param ids the uploads asked for
	 * @return the uploads discarded
	 */
	List<UUID> discard(List<UUID> ids) {
		return this.transitions.discard(ids);
	}

}
