package io.imagepipe.ingest.upload;

import java.util.UUID;

/**
 * An upload and its job were stored. Published inside the upload's transaction; listeners
 * that hand the job to the broker run after the commit.
 *
 * @param uploadId the id of the stored upload
 * @param mediaType the stored image's media type
 * @param byteSize the stored image's size in bytes
 */
public record UploadAccepted(UUID uploadId, String mediaType, int byteSize) {
}
