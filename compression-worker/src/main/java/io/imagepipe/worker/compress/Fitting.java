package io.imagepipe.worker.compress;

import java.awt.Dimension;

/**
 * How much of a source's resolution the slot's resize keeps: the scale, at most 1, that
 * {@link ImageCompressor#resize} applies to a picture of a given size. A decode may drop
 * everything beyond it.
 */
final class Fitting {

	private Fitting() {
	}

	/**
	 * The scale the resize applies.
	 * @param width the picture's width, in the orientation of the box
	 * @param height the picture's height, in the orientation of the box
	 * @param preset the slot's box and fit
	 * @return the scale, greater than 0 and at most 1
	 */
	static double scale(int width, int height, SlotPreset preset) {
		double byWidth = (double) preset.maxWidth() / width;
		double byHeight = (double) preset.maxHeight() / height;
		double scale = (preset.fit() == SlotPreset.Fit.COVER) ? Math.max(byWidth, byHeight)
				: Math.min(byWidth, byHeight);
		return Math.min(1.0, scale);
	}

	/**
	 * The size of the picture the slot's resize makes, as Thumbnailator computes it for
	 * {@link ImageCompressor#resize}: within the box with the source's aspect for
	 * {@code INSIDE} (a picture that fits is kept as it is), the box itself for a picture
	 * that covers it for {@code COVER}.
	 * @param width the picture's width, upright
	 * @param height the picture's height, upright
	 * @param preset the slot's box and fit
	 * @return the width and height
	 */
	static Dimension output(int width, int height, SlotPreset preset) {
		int maxWidth = preset.maxWidth();
		int maxHeight = preset.maxHeight();
		if (preset.fit() == SlotPreset.Fit.COVER) {
			double shrink = Math.min(1.0, Math.min((double) width / maxWidth, (double) height / maxHeight));
			return new Dimension(Math.max(1, (int) Math.round(maxWidth * shrink)),
					Math.max(1, (int) Math.round(maxHeight * shrink)));
		}
		if (width <= maxWidth && height <= maxHeight) {
			return new Dimension(width, height);
		}
		double sourceRatio = (double) width / height;
		double targetRatio = (double) maxWidth / maxHeight;
		if (sourceRatio > targetRatio) {
			return new Dimension(maxWidth, Math.max(1, (int) Math.round(maxWidth / sourceRatio)));
		}
		if (sourceRatio < targetRatio) {
			return new Dimension(Math.max(1, (int) Math.round(maxHeight * sourceRatio)), maxHeight);
		}
		return new Dimension(maxWidth, maxHeight);
	}

	/**
	 * The scale for a picture in its stored orientation, which a quarter turn swaps with
	 * the box's.
	 */
	static double scale(int width, int height, SlotPreset preset, boolean quarterTurn) {
		return quarterTurn ? scale(height, width, preset) : scale(width, height, preset);
	}

}
