package io.imagepipe.ingest.upload;

import java.net.URI;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An upload as the API shows it.
 *
 * @param uploadId the upload's id
 * @param status queued, processing, done, failed or superseded
 * @param statusUrl where to poll this status
 * @param imageUrl the image's URL: versioned once this upload is done, else the stable
 * one
 * @param error why it failed, when it did
 * @param attempts how many times a worker took it, when it has started
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record UploadResponse(UUID uploadId, String status, URI statusUrl, URI imageUrl, String error, Integer attempts) {
}
