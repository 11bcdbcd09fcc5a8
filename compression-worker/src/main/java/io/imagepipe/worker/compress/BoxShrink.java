package io.imagepipe.worker.compress;

import java.awt.image.BufferedImage;

/**
 * Shrinks a picture by a whole factor, each output pixel the average of a square of
 * source pixels (colours weighted by their opacity). Unlike a resize library's
 * progressive steps, it allocates nothing but the output and one row of sums, so a 50 MP
 * decode is reduced without a second full-size copy; Thumbnailator makes the final,
 * smaller resize.
 */
final class BoxShrink {

	private BoxShrink() {
	}

	static BufferedImage by(BufferedImage image, int factor) {
		boolean alpha = image.getColorModel().hasAlpha();
		int width = image.getWidth() / factor;
		int height = image.getHeight() / factor;
		BufferedImage out = new BufferedImage(width, height,
				alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
		int[] row = new int[width * factor];
		long[] sums = new long[width * 4];
		int[] pixels = new int[width];
		int area = factor * factor;
		for (int y = 0; y < height; y++) {
			java.util.Arrays.fill(sums, 0);
			for (int dy = 0; dy < factor; dy++) {
				image.getRGB(0, y * factor + dy, width * factor, 1, row, 0, width * factor);
				for (int x = 0; x < row.length; x++) {
					int argb = row[x];
					int a = alpha ? argb >>> 24 : 255;
					int i = (x / factor) * 4;
					sums[i] += a;
					sums[i + 1] += (long) a * ((argb >> 16) & 0xff);
					sums[i + 2] += (long) a * ((argb >> 8) & 0xff);
					sums[i + 3] += (long) a * (argb & 0xff);
				}
			}
			for (int x = 0; x < width; x++) {
				long a = sums[x * 4];
				pixels[x] = (a == 0) ? 0 : (int) ((Math.round((double) a / area) << 24)
						| (Math.round((double) sums[x * 4 + 1] / a) << 16)
						| (Math.round((double) sums[x * 4 + 2] / a) << 8) | Math.round((double) sums[x * 4 + 3] / a));
			}
			out.setRGB(0, y, width, 1, pixels, 0, width);
		}
		return out;
	}

}
