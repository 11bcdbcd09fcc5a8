package io.imagepipe.ingest.web;

import io.imagepipe.web.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * The problems of the current-image endpoint, with the types the upload API uses for the
 * same cases (see docs/api-errors.md).
 */
final class ImageProblems {

	private ImageProblems() {
	}

	static ErrorResponseException imageNotFound() {
		return problem(HttpStatus.NOT_FOUND, "image-not-found", "Image not found",
				"There is no image here yet: nothing has been uploaded and processed for it.");
	}

	static ErrorResponseException unknownSlot(String ownerType, String slot) {
		return problem(HttpStatus.NOT_FOUND, "unknown-slot", "Unknown image slot",
				"There is no image slot '" + slot + "' for owner type '" + ownerType + "'.");
	}

	static ErrorResponseException invalidOwnerId() {
		return problem(HttpStatus.BAD_REQUEST, "invalid-owner-id", "Invalid owner id",
				"An owner id is 1 to 64 letters, digits, '-' or '_', starting with a letter or digit.");
	}

	private static ErrorResponseException problem(HttpStatus status, String type, String title, String detail) {
		return Problems.exception(status, type, title, detail);
	}

}
