package io.imagepipe.serving.image;

import io.imagepipe.web.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * There is no image at the requested path, rendered as a 404 problem. Path segments are
 * never echoed back.
 */
final class ImageNotFound extends ErrorResponseException {

	private ImageNotFound(String type, String title, String detail) {
		super(HttpStatus.NOT_FOUND, Problems.of(HttpStatus.NOT_FOUND, type, title, detail), null);
	}

	/**
	 * The slot exists but holds no image for this owner, or the owner id cannot exist.
	 * @return the problem
	 */
	static ImageNotFound missing() {
		return new ImageNotFound("image-not-found", "Image not found",
				"There is no image here yet. It appears once an upload for it has been compressed.");
	}

	/**
	 * The owner type or the slot is not one of the configured ones.
	 * @return the problem
	 */
	static ImageNotFound unknownSlot() {
		return new ImageNotFound("unknown-slot", "Unknown image slot",
				"There is no such image slot. Images live at /images/{ownerType}/{ownerId}/{slot}, "
						+ "such as /images/users/42/profile.");
	}

}
