package io.imagepipe.worker.compress;

/**
 * The heap ran out while processing an image, most likely because other jobs held it at
 * the same time. Unlike {@link UnprocessableImage}, this is worth retrying later.
 */
class NotEnoughMemory extends RuntimeException {

	private static final long serialVersionUID = 1L;

	NotEnoughMemory(OutOfMemoryError cause) {
		super("Not enough memory to process the image now", cause);
	}

}
