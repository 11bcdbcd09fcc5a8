/**
 * Keeping storage bounded: raw uploads that can no longer be needed lose their bytes
 * after a retention, and the bytes stored are exported by kind.
 */
package io.imagepipe.ingest.retention;
