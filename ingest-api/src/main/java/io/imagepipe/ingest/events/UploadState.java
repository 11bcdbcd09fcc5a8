package io.imagepipe.ingest.events;

import java.util.UUID;

import io.imagepipe.contract.ImageKey;
import io.imagepipe.contract.UploadStatus;

/**
 * What the event streams need of an upload row.
 *
 * @param id the upload
 * @param key the image it is for
 * @param status its status
 * @param resultSha256 the hash of its WebP, once done
 * @param lastError why it failed, when it did
 */
record UploadState(UUID id, ImageKey key, UploadStatus status, String resultSha256, String lastError) {
}
