package io.imagepipe.e2e;

import java.net.URI;
import java.util.Set;
import java.util.UUID;

/**
 * An upload as {@code GET /api/v1/uploads/{id}} reports it.
 *
 * @param uploadId the upload's id
 * @param status queued, processing, done, failed, superseded or deleted
 * @param statusUrl where to poll it
 * @param imageUrl the image's URL, versioned once done
 * @param error why it failed
 * @param attempts how many times a worker took it
 */
record UploadStatus(UUID uploadId, String status, URI statusUrl, URI imageUrl, String error, Integer attempts) {

	private static final Set<String> FINAL = Set.of("done", "failed", "superseded", "deleted");

	boolean isFinished() {
		return FINAL.contains(this.status);
	}

	/**
	 * The {@code v} of the image URL.
	 * @return the version token, or {@code null} when the URL has none
	 */
	String version() {
		String query = this.imageUrl.getRawQuery();
		return (query != null && query.startsWith("v=")) ? query.substring(2) : null;
	}

}
