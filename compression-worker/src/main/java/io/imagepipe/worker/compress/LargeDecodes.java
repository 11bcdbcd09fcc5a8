package io.imagepipe.worker.compress;

import java.util.concurrent.Semaphore;

/**
 * Lets one large decode run at a time in the worker, whichever path takes it, so that the
 * worker's memory holds at most one large decode's buffers beside the smaller jobs': a
 * progressive JPEG over {@link #PROGRESSIVE_PIXELS} on the libjpeg-turbo path (libjpeg
 * keeps its coefficients for the whole image in native memory whatever the output scale:
 * 2 bytes a sample, 36 MB for 12 MP and 143 MiB for a 50 MP 4:2:0 photo), and a picture
 * of more than {@link #BYTES} on the ImageIO path (up to {@link DecodeBudget#BYTES} in
 * the heap). A second such job waits here until the first is decoded (and, on the ImageIO
 * path, shrunk); smaller decodes, and everything after decoding, run side by side. This
 * is what keeps two jobs within the worker's heap and the whole process within its RSS
 * bound (compression-worker's README, "Memory sizing").
 */
final class LargeDecodes {

	/** The pixels above which a progressive JPEG is a large decode. */
	static final long PROGRESSIVE_PIXELS = 12_000_000L;

	/** The bytes above which a picture decoded on the ImageIO path is a large decode. */
	static final long BYTES = 16L * 1024 * 1024;

	private static final Semaphore turn = new Semaphore(1, true);

	private LargeDecodes() {
	}

	/**
	 * Enter a decode, waiting first for any other large one to finish when it is large.
	 * @param large whether the decode is large
	 * @return the permit, to be closed when the decode is over
	 */
	static Permit enter(boolean large) {
		if (!large) {
			return () -> {
			};
		}
		turn.acquireUninterruptibly();
		return turn::release;
	}

	/**
	 * A decode's turn, given back on close.
	 */
	@FunctionalInterface
	interface Permit extends AutoCloseable {

		@Override
		void close();

	}

}
