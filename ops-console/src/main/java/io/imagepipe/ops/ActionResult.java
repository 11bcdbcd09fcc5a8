package io.imagepipe.ops;

import java.util.List;
import java.util.UUID;

/**
 * What an action on one upload or the selected ones did (the bulk actions answer with
 * their {@link AuditEntry} instead).
 *
 * @param auditId its entry in the audit trail
 * @param action {@code retry} or {@code discard}
 * @param scope {@code one} or {@code selected}
 * @param requested how many uploads it was asked for
 * @param affected how many it changed: requeued or discarded. Fewer than requested when
 * some were no longer failed (a double click, another person, a retry that already ran)
 * or had no bytes left
 * @param uploadIds the uploads it changed
 * @param batches how many transactions it took
 */
record ActionResult(long auditId, String action, String scope, long requested, int affected, List<UUID> uploadIds,
		int batches) {
}
