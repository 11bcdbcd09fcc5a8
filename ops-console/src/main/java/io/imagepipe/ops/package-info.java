/**
 * ops-console: the dashboard and the JSON API behind it: the overview (statuses, queue
 * depths, throughput, processing times, stored bytes), the failed uploads with their
 * reasons, safe previews and each image's history, and the actions (retry one, the
 * selected or all matching, discard, reprocess all) with their audit trail; the bulk ones
 * run in the background, one per kind across instances ({@code BulkActions}). Also the
 * queue depth and stored bytes metrics. Only users with the ops role reach it (see
 * {@code OpsSecurityConfig}).
 */
package io.imagepipe.ops;
