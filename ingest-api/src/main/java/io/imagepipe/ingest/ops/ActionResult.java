package io.imagepipe.ingest.ops;

import java.util.List;
import java.util.UUID;

/**
 * What an action did.
 *
 * @param auditId its entry in the audit trail
 * @param action {@code retry} or {@code discard}
 * @param scope {@code one}, {@code selected} or {@code matching}
 * @param requested how many uploads it was asked for (for {@code matching}: how many
 * matched)
 * @param affected how many it changed: requeued or discarded. Fewer than requested when
 * some were no longer failed (a double click, another person, a retry that already ran)
 * or had no bytes left
 * @param uploadIds the uploads it changed, for one or the selected; empty for
 * {@code matching}
 * @param batches how many transactions it took
 */
record ActionResult(long auditId, String action, String scope, long requested, int affected, List<UUID> uploadIds,
		int batches) {
}
