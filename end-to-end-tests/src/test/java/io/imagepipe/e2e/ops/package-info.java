/**
 * Operations, end to end: the nginx front of infra/ against the running services, the
 * compose file, a backup restored into a fresh database, the legacy import and the
 * reprocess commands, and several workers sharing the queue.
 */
package io.imagepipe.e2e.ops;
