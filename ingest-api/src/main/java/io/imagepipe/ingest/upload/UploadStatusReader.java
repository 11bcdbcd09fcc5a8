package io.imagepipe.ingest.upload;

import java.net.URI;
import java.util.UUID;

import io.imagepipe.contract.UploadStatus;
import io.imagepipe.contract.VersionedUrls;
import io.imagepipe.web.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * Reads the status of one upload for the API.
 */
@Component
class UploadStatusReader {

	private final UploadRepository uploads;

	private final UploadProperties properties;

	UploadStatusReader(UploadRepository uploads, UploadProperties properties) {
		this.uploads = uploads;
		this.properties = properties;
	}

	UploadResponse read(String id) {
		Upload row = parse(id).flatMap(this.uploads::findById).orElseThrow(UploadStatusReader::notFound);
		URI base = this.properties.publicImageBaseUrl();
		UploadStatus status = row.uploadStatus();
		URI imageUrl = (row.resultSha256() != null) ? VersionedUrls.versionedUrl(base, row.key(), row.resultSha256())
				: VersionedUrls.imageUrl(base, row.key());
		String error = (status == UploadStatus.FAILED) ? row.lastError() : null;
		return new UploadResponse(row.id(), status.value(), URI.create("/api/v1/uploads/" + row.id()), imageUrl, error,
				row.attempts());
	}

	private static java.util.Optional<UUID> parse(String id) {
		try {
			return java.util.Optional.of(UUID.fromString(id));
		}
		catch (IllegalArgumentException ex) {
			return java.util.Optional.empty();
		}
	}

	private static ErrorResponseException notFound() {
		return Problems.exception(HttpStatus.NOT_FOUND, "upload-not-found", "Upload not found",
				"There is no such upload.");
	}

}
