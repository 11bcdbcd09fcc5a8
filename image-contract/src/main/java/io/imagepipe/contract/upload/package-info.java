/**
 * The state machine of an upload: every statement that changes an {@code uploads} row,
 * used by ingest-api, compression-worker, the ops console and image-import alike.
 */
package io.imagepipe.contract.upload;
