package io.imagepipe.worker.compress;

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
	 * The scale for a picture in its stored orientation, which a quarter turn swaps with
	 * the box's.
	 */
	static double scale(int width, int height, SlotPreset preset, boolean quarterTurn) {
		return quarterTurn ? scale(height, width, preset) : scale(width, height, preset);
	}

}
