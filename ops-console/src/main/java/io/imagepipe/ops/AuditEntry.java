package io.imagepipe.ops;

import java.time.OffsetDateTime;

import tools.jackson.databind.JsonNode;

/**
 * One action of the audit trail.
 *
 * @param id its number
 * @param actor who took it
 * @param action {@code retry}, {@code discard} or {@code reprocess}
 * @param scope {@code one}, {@code selected}, {@code matching} or {@code all}
 * @param criteria the upload ids, or the filter, it was asked for
 * @param requested how many uploads it was asked for (for {@code matching}: how many
 * matched when it started)
 * @param affected how many it changed
 * @param createdAt when it was taken
 * @param finishedAt when it finished; empty while a bulk action is still running
 * @param state {@code running}, {@code done}, {@code interrupted} (a new run of its kind
 * started before it was resumed) or {@code failed}
 * @param batches how many transactions a bulk action has run so far
 * @param lastError why a {@code failed} action stopped
 */
record AuditEntry(long id, String actor, String action, String scope, JsonNode criteria, int requested, int affected,
		OffsetDateTime createdAt, OffsetDateTime finishedAt, String state, int batches, String lastError) {
}
