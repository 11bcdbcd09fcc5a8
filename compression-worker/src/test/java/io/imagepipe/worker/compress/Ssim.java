package io.imagepipe.worker.compress;

import java.awt.image.BufferedImage;

/**
 * The structural similarity (SSIM, Wang et al. 2004) of two pictures of the same size,
 * computed over luma (Rec. 601 weights, 0 to 255) in 8 × 8 windows placed every 4 pixels,
 * with the paper's constants {@code C1 = (0.01 L)²} and {@code C2 = (0.03 L)²}, averaged
 * over all windows. Transparent pixels are first composed over mid-gray, so a transparent
 * area compares equal whatever colour it hides. 1 means identical; values above 0.95 are
 * visually very close.
 */
final class Ssim {

	private static final int WINDOW = 8;

	private static final int STRIDE = 4;

	private static final double C1 = Math.pow(0.01 * 255, 2);

	private static final double C2 = Math.pow(0.03 * 255, 2);

	private Ssim() {
	}

	static double of(BufferedImage a, BufferedImage b) {
		if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
			throw new IllegalArgumentException("sizes differ: " + a.getWidth() + "x" + a.getHeight() + " and "
					+ b.getWidth() + "x" + b.getHeight());
		}
		double[] x = luma(a);
		double[] y = luma(b);
		int width = a.getWidth();
		int windowsX = Math.max(1, (width - WINDOW) / STRIDE + 1);
		int windowsY = Math.max(1, (a.getHeight() - WINDOW) / STRIDE + 1);
		double total = 0;
		for (int wy = 0; wy < windowsY; wy++) {
			for (int wx = 0; wx < windowsX; wx++) {
				total += window(x, y, width, a.getHeight(), wx * STRIDE, wy * STRIDE);
			}
		}
		return total / (windowsX * windowsY);
	}

	private static double window(double[] x, double[] y, int width, int height, int left, int top) {
		int right = Math.min(width, left + WINDOW);
		int bottom = Math.min(height, top + WINDOW);
		int n = (right - left) * (bottom - top);
		double sumX = 0;
		double sumY = 0;
		for (int row = top; row < bottom; row++) {
			for (int col = left; col < right; col++) {
				sumX += x[row * width + col];
				sumY += y[row * width + col];
			}
		}
		double meanX = sumX / n;
		double meanY = sumY / n;
		double varX = 0;
		double varY = 0;
		double cov = 0;
		for (int row = top; row < bottom; row++) {
			for (int col = left; col < right; col++) {
				double dx = x[row * width + col] - meanX;
				double dy = y[row * width + col] - meanY;
				varX += dx * dx;
				varY += dy * dy;
				cov += dx * dy;
			}
		}
		varX /= n - 1;
		varY /= n - 1;
		cov /= n - 1;
		return ((2 * meanX * meanY + C1) * (2 * cov + C2))
				/ ((meanX * meanX + meanY * meanY + C1) * (varX + varY + C2));
	}

	static double[] luma(BufferedImage image) {
		int width = image.getWidth();
		int[] argb = image.getRGB(0, 0, width, image.getHeight(), null, 0, width);
		double[] luma = new double[argb.length];
		for (int i = 0; i < argb.length; i++) {
			double alpha = (argb[i] >>> 24) / 255.0;
			double y = 0.299 * ((argb[i] >> 16) & 0xff) + 0.587 * ((argb[i] >> 8) & 0xff) + 0.114 * (argb[i] & 0xff);
			luma[i] = y * alpha + 128 * (1 - alpha);
		}
		return luma;
	}

}
