/**
 * The ops dashboard and the JSON API behind it: the overview (statuses, queue depths,
 * throughput, processing times), the failed uploads with their reasons, safe previews and
 * each image's history, and the actions (retry one, the selected or all matching,
 * discard, reprocess all) with their audit trail; the bulk ones run in the background,
 * one per kind across instances ({@code BulkActions}). Also the queue depth and upload
 * size metrics. Only users with the ops role reach it (see
 * {@code io.imagepipe.ingest.auth.SecurityConfig}).
 */
package io.imagepipe.ingest.ops;
