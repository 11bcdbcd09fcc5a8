/**
 * Limits on uploads: rates per subject and per client address, and how many uploads are
 * read at once.
 */
package io.imagepipe.ingest.limits;
