package io.imagepipe.ingest.ops;

import java.util.Optional;

import io.imagepipe.web.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * The problems the ops API answers with, as RFC 9457 problem details with a stable type.
 */
final class OpsProblem {

	private OpsProblem() {
	}

	static ErrorResponseException noPreview() {
		return problem(HttpStatus.NOT_FOUND, "no-preview", "No preview",
				"This upload has no preview: its bytes were discarded, or they cannot be decoded as an image.");
	}

	static ErrorResponseException previewsBusy() {
		return problem(HttpStatus.SERVICE_UNAVAILABLE, "previews-busy", "Previews busy",
				"Too many previews are being made at once. Try again in a moment.");
	}

	static ErrorResponseException unknownImage() {
		return problem(HttpStatus.NOT_FOUND, "unknown-image", "Unknown image",
				"The owner type, owner id or slot is not a valid image key.");
	}

	static ErrorResponseException actionRunning(String action, Optional<Long> running) {
		ErrorResponseException problem = problem(HttpStatus.CONFLICT, "action-running", "Action already running",
				"A " + action + " action is already running" + running.map((id) -> " (action " + id + ")").orElse("")
						+ ". Its progress shows on the console; start another once it has finished.");
		running.ifPresent((id) -> {
			problem.getBody().setProperty("actionId", id);
			problem.getBody().setProperty("actionUrl", OpsPaths.action(id));
		});
		return problem;
	}

	static ErrorResponseException unknownAction() {
		return problem(HttpStatus.NOT_FOUND, "unknown-action", "Unknown action",
				"There is no ops action with this id.");
	}

	private static ErrorResponseException problem(HttpStatus status, String type, String title, String detail) {
		return Problems.exception(status, type, title, detail);
	}

}
