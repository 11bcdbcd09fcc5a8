package io.imagepipe.worker.compress;

import java.awt.image.BufferedImage;

/**
 * The eight EXIF orientations applied pixel by pixel, independently of the code under
 * test, to make the upright reference of a photo from its raw decode. Orientation N says
 * how the stored pixels must be turned to be shown upright.
 */
final class Orientations {

	private Orientations() {
	}

	static BufferedImage upright(BufferedImage raw, int orientation) {
		int w = raw.getWidth();
		int h = raw.getHeight();
		boolean quarter = orientation >= 5;
		BufferedImage out = new BufferedImage(quarter ? h : w, quarter ? w : h, BufferedImage.TYPE_INT_RGB);
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				int rgb = raw.getRGB(x, y);
				switch (orientation) {
					case 1 -> out.setRGB(x, y, rgb);
					case 2 -> out.setRGB(w - 1 - x, y, rgb);
					case 3 -> out.setRGB(w - 1 - x, h - 1 - y, rgb);
					case 4 -> out.setRGB(x, h - 1 - y, rgb);
					case 5 -> out.setRGB(y, x, rgb);
					case 6 -> out.setRGB(h - 1 - y, x, rgb);
					case 7 -> out.setRGB(h - 1 - y, w - 1 - x, rgb);
					case 8 -> out.setRGB(y, w - 1 - x, rgb);
					default -> throw new IllegalArgumentException("orientation " + orientation);
				}
			}
		}
		return out;
	}

}
