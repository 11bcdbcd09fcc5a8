package io.imagepipe.ingest.upload;

import java.time.Duration;

import io.imagepipe.web.Problems;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * An upload refused before it is stored, rendered as an RFC 9457 problem with a stable
 * type. The detail is written for the person who uploaded; library messages are never
 * part of it.
 */
final class UploadRejected extends ErrorResponseException {

	private UploadRejected(HttpStatus status, String type, String title, String detail, Throwable cause) {
		super(status, Problems.of(status, type, title, detail), cause);
	}

	static UploadRejected empty() {
		return new UploadRejected(HttpStatus.BAD_REQUEST, "empty-upload", "Empty upload",
				"The upload has no bytes. Send the image as the 'file' part of a multipart form or as the request body.",
				null);
	}

	static UploadRejected unsupportedMediaType(String sniffed) {
		String what = (sniffed != null) ? "This is " + sniffed + ". " : "These bytes are not an image we can read. ";
		return new UploadRejected(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported media type",
				what + "Upload a JPEG, PNG, GIF or WebP image.", null);
	}

	static UploadRejected unreadableHeader(Throwable cause) {
		return new UploadRejected(HttpStatus.UNPROCESSABLE_CONTENT, "unreadable-image", "Unreadable image",
				"The image header cannot be read: the file is truncated or corrupt.", cause);
	}

	static UploadRejected tooManyPixels(int width, int height, long maxPixels) {
		return new UploadRejected(HttpStatus.UNPROCESSABLE_CONTENT, "too-many-pixels", "Image too large",
				"The image is " + width + " × " + height + " pixels; at most " + maxPixels + " pixels are accepted.",
				null);
	}

	static UploadRejected tooManyFrames(int frames, int maxFrames) {
		return new UploadRejected(HttpStatus.UNPROCESSABLE_CONTENT, "too-many-frames", "Too many frames",
				"The animation has " + frames + " frames; at most " + maxFrames + " are accepted.", null);
	}

	static UploadRejected tooLarge(long maxBytes) {
		return new UploadRejected(HttpStatus.CONTENT_TOO_LARGE, "upload-too-large", "Upload too large",
				"The upload is larger than the limit of " + (maxBytes / (1024 * 1024)) + " MB.", null);
	}

	static UploadRejected unknownSlot(String ownerType, String slot) {
		return new UploadRejected(HttpStatus.NOT_FOUND, "unknown-slot", "Unknown image slot",
				"There is no image slot '" + slot + "' for owner type '" + ownerType + "'.", null);
	}

	static UploadRejected unknownOwnerType(String ownerType) {
		return new UploadRejected(HttpStatus.NOT_FOUND, "unknown-owner-type", "Unknown owner type",
				"There is no owner type '" + ownerType + "'.", null);
	}

	static UploadRejected invalidOwnerId() {
		return new UploadRejected(HttpStatus.BAD_REQUEST, "invalid-owner-id", "Invalid owner id",
				"An owner id is 1 to 64 letters, digits, '-' or '_', starting with a letter or digit.", null);
	}

	static UploadRejected tooComplex(String why) {
		return new UploadRejected(HttpStatus.UNPROCESSABLE_CONTENT, "image-too-complex", "Image too complex",
				why + " Such a file costs far more work to decode than any image needs.", null);
	}

	static UploadRejected ownerStorageFull(String owner, long maxBytes) {
		return new UploadRejected(HttpStatus.INSUFFICIENT_STORAGE, "owner-storage-full", "Owner storage full",
				"The uploads kept for " + owner + " already take up to the limit of " + (maxBytes / (1024 * 1024))
						+ " MB. Older uploads must be removed before new ones are taken.",
				null);
	}

	static UploadRejected storageFull(Duration retryAfter) {
		UploadRejected rejected = new UploadRejected(HttpStatus.INSUFFICIENT_STORAGE, "storage-full", "Storage full",
				"The service has stored as much as it is allowed to and takes no uploads for now. Try again later.",
				null);
		rejected.getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, retryAfter.toSeconds())));
		return rejected;
	}

}
