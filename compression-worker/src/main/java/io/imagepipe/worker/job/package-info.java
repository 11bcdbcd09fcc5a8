/**
 * Consuming compression jobs: the broker topology, the listener with manual
 * acknowledgement after the database commit, idempotent claiming, newest-upload-wins
 * writes, retries with backoff and the handling of parked jobs.
 */
package io.imagepipe.worker.job;
