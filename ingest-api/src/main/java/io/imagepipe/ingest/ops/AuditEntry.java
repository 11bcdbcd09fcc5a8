package io.imagepipe.ingest.ops;

import java.time.OffsetDateTime;

import tools.jackson.databind.JsonNode;

/**
 * One action of the audit trail.
 *
 * @param id its number
 * @param actor who took it
 * @param action {@code retry} or {@code discard}
 * @param scope {@code one}, {@code selected} or {@code matching}
 * @param criteria the upload ids, or the filter, it was asked for
 * @param requested how many uploads it was asked for (for {@code matching}: how many
 * matched when it started)
 * @param affected how many it changed
 * @param createdAt when it was taken
 * @param finishedAt when it finished; empty while a bulk retry is still running
 */
record AuditEntry(long id, String actor, String action, String scope, JsonNode criteria, int requested, int affected,
		OffsetDateTime createdAt, OffsetDateTime finishedAt) {
}
