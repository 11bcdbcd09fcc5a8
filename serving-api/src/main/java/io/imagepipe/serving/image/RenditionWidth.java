package io.imagepipe.serving.image;

import io.imagepipe.web.Problems;

import org.springframework.http.HttpStatus;

/**
 * The {@code ?w=} of an image URL: the width, in pixels, the page will display it at.
 */
final class RenditionWidth {

	/** Wider than any image is made; larger values are refused rather than guessed at. */
	static final int MAX = 16_384;

	private RenditionWidth() {
	}

	/**
	 * Read {@code w}.
	 * @param w the parameter, possibly {@code null}
	 * @return the width, or {@code null} when none was asked for
	 * @throws ErrorResponseException a 400 problem when {@code w} is not a whole number
	 * from 1 to {@value #MAX}
	 */
	static Integer parse(String w) {
		if (w == null) {
			return null;
		}
		try {
			int width = Integer.parseInt(w);
			if (width >= 1 && width <= MAX) {
				return width;
			}
		}
		catch (NumberFormatException ex) {
			// refused below
		}
		throw Problems.exception(HttpStatus.BAD_REQUEST, "invalid-width", "Invalid width",
				"w is the display width in pixels, a whole number from 1 to " + MAX + ", such as ?w=128.");
	}

}
