package io.imagepipe.worker.compress;

/**
 * An image that can never be processed, whatever the number of tries: corrupt, truncated,
 * of an unsupported kind, or over the limits. Its message is written for the person who
 * uploaded it and for ops staff.
 */
public class UnprocessableImage extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public UnprocessableImage(String message) {
		super(message);
	}

	public UnprocessableImage(String message, Throwable cause) {
		super(message, cause);
	}

}
