package io.imagepipe.e2e;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import javax.imageio.ImageIO;

/**
 * Decoding served images and comparing what they show.
 */
final class Pictures {

	/** Cells across the long side of the comparison grid. */
	private static final int LONG_SIDE = 48;

	/** Cells across the short side: a 3:2 grid, like the corpus photos. */
	private static final int SHORT_SIDE = 32;

	static {
		ImageIO.scanForPlugins();
		ImageIO.setUseCache(false);
	}

	private Pictures() {
	}

	/**
	 * Decode image bytes with the installed ImageIO readers (webp-imageio for WebP).
	 * @param bytes the image
	 * @return the pixels, or {@code null} when no reader recognises the bytes
	 */
	static BufferedImage decode(byte[] bytes) {
		try {
			return ImageIO.read(new ByteArrayInputStream(bytes));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The bytes do not decode as an image", ex);
		}
	}

	/**
	 * How far apart two pictures of the same shape look: both are averaged down to a
	 * 48×32 grid (32×48 when portrait) and the red, green and blue means of each cell
	 * compared.
	 * @param a one picture
	 * @param b the other
	 * @return the mean absolute difference per channel, from 0 (alike) to 255
	 */
	static double meanAbsoluteDifference(BufferedImage a, BufferedImage b) {
		boolean landscape = a.getWidth() >= a.getHeight();
		int columns = landscape ? LONG_SIDE : SHORT_SIDE;
		int rows = landscape ? SHORT_SIDE : LONG_SIDE;
		double[] cellsOfA = cellMeans(a, columns, rows);
		double[] cellsOfB = cellMeans(b, columns, rows);
		double sum = 0;
		for (int i = 0; i < cellsOfA.length; i++) {
			sum += Math.abs(cellsOfA[i] - cellsOfB[i]);
		}
		return sum / cellsOfA.length;
	}

	/**
	 * The picture as seen in a mirror: what a reader that applied only the rotation of a
	 * mirrored EXIF orientation would produce.
	 * @param image the picture
	 * @return a copy flipped left to right
	 */
	static BufferedImage mirrored(BufferedImage image) {
		int width = image.getWidth();
		BufferedImage mirror = new BufferedImage(width, image.getHeight(), BufferedImage.TYPE_INT_RGB);
		for (int y = 0; y < image.getHeight(); y++) {
			for (int x = 0; x < width; x++) {
				mirror.setRGB(width - 1 - x, y, image.getRGB(x, y));
			}
		}
		return mirror;
	}

	/**
	 * The picture turned upside down: what ignoring orientation 3 produces.
	 * @param image the picture
	 * @return a copy rotated by 180°
	 */
	static BufferedImage upsideDown(BufferedImage image) {
		int width = image.getWidth();
		int height = image.getHeight();
		BufferedImage turned = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				turned.setRGB(width - 1 - x, height - 1 - y, image.getRGB(x, y));
			}
		}
		return turned;
	}

	private static double[] cellMeans(BufferedImage image, int columns, int rows) {
		double[] sums = new double[columns * rows * 3];
		int[] counts = new int[columns * rows];
		for (int y = 0; y < image.getHeight(); y++) {
			int row = y * rows / image.getHeight();
			for (int x = 0; x < image.getWidth(); x++) {
				int cell = row * columns + x * columns / image.getWidth();
				int rgb = image.getRGB(x, y);
				sums[cell * 3] += (rgb >> 16) & 0xff;
				sums[cell * 3 + 1] += (rgb >> 8) & 0xff;
				sums[cell * 3 + 2] += rgb & 0xff;
				counts[cell]++;
			}
		}
		for (int i = 0; i < sums.length; i++) {
			sums[i] /= counts[i / 3];
		}
		return sums;
	}

}
