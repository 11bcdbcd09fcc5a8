package io.imagepipe.worker.compress;

import java.awt.image.BufferedImage;
import java.util.Locale;

/**
 * The colour a page can paint where the image will appear while it loads: the average of
 * the visible pixels, each weighted by its opacity, sampled on a grid of at most 64 × 64
 * points.
 */
final class Placeholder {

	private static final int GRID = 64;

	private Placeholder() {
	}

	/**
	 * The placeholder colour of a picture.
	 * @param image the picture
	 * @return {@code #rrggbb}, or {@code null} when no pixel is visible
	 */
	static String color(BufferedImage image) {
		int stepX = Math.max(1, image.getWidth() / GRID);
		int stepY = Math.max(1, image.getHeight() / GRID);
		long red = 0;
		long green = 0;
		long blue = 0;
		long weight = 0;
		for (int y = stepY / 2; y < image.getHeight(); y += stepY) {
			for (int x = stepX / 2; x < image.getWidth(); x += stepX) {
				int argb = image.getRGB(x, y);
				int alpha = argb >>> 24;
				red += alpha * ((argb >> 16) & 0xff);
				green += alpha * ((argb >> 8) & 0xff);
				blue += alpha * (argb & 0xff);
				weight += alpha;
			}
		}
		if (weight == 0) {
			return null;
		}
		return String.format(Locale.ROOT, "#%02x%02x%02x", Math.round((double) red / weight),
				Math.round((double) green / weight), Math.round((double) blue / weight));
	}

}
