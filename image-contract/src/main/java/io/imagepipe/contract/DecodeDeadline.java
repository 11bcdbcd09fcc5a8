package io.imagepipe.contract;

import java.awt.image.BufferedImage;
import java.time.Duration;

import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadProgressListener;
import javax.imageio.event.IIOReadUpdateListener;

/**
 * The moment by which a decode must be done. ImageIO readers cannot be interrupted from
 * another thread, but they call their listeners between rows and, for a progressive JPEG
 * with an update listener, at the start of every scan, and they check
 * {@link ImageReader#abort()} at those points: {@link #watch(ImageReader)} attaches
 * listeners that abort the read once the deadline has passed. A read so aborted returns
 * early; {@link #check()} then turns it into {@link DeadlinePassed}.
 */
public final class DecodeDeadline {

	private final long deadlineNanos;

	private final Duration budget;

	private DecodeDeadline(Duration budget) {
		this.budget = budget;
		this.deadlineNanos = System.nanoTime() + budget.toNanos();
	}

	/**
	 * A deadline some time from now.
	 * @param budget how long the decode may take
	 * @return the deadline
	 */
	public static DecodeDeadline in(Duration budget) {
		return new DecodeDeadline(budget);
	}

	/**
	 * The time the decode was given.
	 * @return the budget
	 */
	public Duration budget() {
		return this.budget;
	}

	/**
	 * Tell whether the deadline has passed.
	 * @return whether it has
	 */
	public boolean passed() {
		return System.nanoTime() - this.deadlineNanos > 0;
	}

	/**
	 * Fail when the deadline has passed.
	 * @throws DeadlinePassed when it has
	 */
	public void check() {
		if (passed()) {
			throw new DeadlinePassed(this.budget);
		}
	}

	/**
	 * Make a reader abort its read once the deadline has passed.
	 * @param reader the reader, before its read starts
	 */
	public void watch(ImageReader reader) {
		Watcher watcher = new Watcher(reader);
		reader.addIIOReadProgressListener(watcher);
		reader.addIIOReadUpdateListener(watcher);
	}

	private void abortIfPassed(ImageReader reader) {
		if (passed()) {
			reader.abort();
		}
	}

	/**
	 * A decode that took longer than its deadline. Its message is written for the person
	 * who uploaded and for ops staff.
	 */
	public static final class DeadlinePassed extends RuntimeException {

		private static final long serialVersionUID = 1L;

		/**
		 * A decode that passed its deadline.
		 * @param budget the time the decode was given
		 */
		public DeadlinePassed(Duration budget) {
			super("Decoding the image took longer than its limit of " + budget.toSeconds()
					+ " s: its structure makes it too costly to decode.");
		}

	}

	private final class Watcher implements IIOReadProgressListener, IIOReadUpdateListener {

		private final ImageReader reader;

		Watcher(ImageReader reader) {
			this.reader = reader;
		}

		@Override
		public void imageProgress(ImageReader source, float percentageDone) {
			abortIfPassed(this.reader);
		}

		@Override
		public void passStarted(ImageReader source, BufferedImage theImage, int pass, int minPass, int maxPass,
				int minX, int minY, int periodX, int periodY, int[] bands) {
			abortIfPassed(this.reader);
		}

		@Override
		public void imageUpdate(ImageReader source, BufferedImage theImage, int minX, int minY, int width, int height,
				int periodX, int periodY, int[] bands) {
			abortIfPassed(this.reader);
		}

		@Override
		public void passComplete(ImageReader source, BufferedImage theImage) {
			abortIfPassed(this.reader);
		}

		@Override
		public void sequenceStarted(ImageReader source, int minIndex) {
		}

		@Override
		public void sequenceComplete(ImageReader source) {
		}

		@Override
		public void imageStarted(ImageReader source, int imageIndex) {
			abortIfPassed(this.reader);
		}

		@Override
		public void imageComplete(ImageReader source) {
		}

		@Override
		public void thumbnailStarted(ImageReader source, int imageIndex, int thumbnailIndex) {
		}

		@Override
		public void thumbnailProgress(ImageReader source, float percentageDone) {
		}

		@Override
		public void thumbnailComplete(ImageReader source) {
		}

		@Override
		public void readAborted(ImageReader source) {
		}

		@Override
		public void thumbnailPassStarted(ImageReader source, BufferedImage theThumbnail, int pass, int minPass,
				int maxPass, int minX, int minY, int periodX, int periodY, int[] bands) {
		}

		@Override
		public void thumbnailUpdate(ImageReader source, BufferedImage theThumbnail, int minX, int minY, int width,
				int height, int periodX, int periodY, int[] bands) {
		}

		@Override
		public void thumbnailPassComplete(ImageReader source, BufferedImage theThumbnail) {
		}

	}

}
