package io.imagepipe.ops;

/**
 * One kind of bulk ops action, which {@link BulkActions} runs in the background batch by
 * batch: reprocess all images, or retry all failed uploads matching a filter.
 */
interface BulkWork {

	/**
	 * The action's name in the audit trail, also its kind: one of each runs at a time.
	 * @return such as {@code reprocess}
	 */
	String action();

	/**
	 * The second key of the kind's PostgreSQL advisory lock (the first is
	 * {@link BulkActions#LOCK_CLASS}).
	 * @return a number no other kind uses
	 */
	int lockKey();

	/**
	 * Run the next batch of a running action in one transaction, counting it in the audit
	 * entry (with where the next batch starts) in that same transaction, so that a run
	 * resumed after a restart goes on exactly where the last committed batch ended.
	 * @param action the action's audit entry, as it was when this run of it started
	 * @return whether there may be more to do
	 */
	boolean batch(AuditEntry action);

}
