package io.imagepipe.worker.compress;

import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * Brings any decoded picture to 8-bit sRGB, with alpha only where the source has it:
 * 16-bit, palette and grayscale pixels, and pixels in an embedded ICC profile's colour
 * space (Adobe RGB, Display P3), which are converted so the colours look the same.
 */
final class Srgb {

	private Srgb() {
	}

	static BufferedImage convert(BufferedImage image) {
		ColorModel model = image.getColorModel();
		boolean alpha = model.hasAlpha();
		int type = alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
		if (image.getType() == type) {
			return image;
		}
		BufferedImage target = new BufferedImage(image.getWidth(), image.getHeight(), type);
		ColorSpace space = model.getColorSpace();
		if (space.getType() == ColorSpace.TYPE_GRAY && !(model instanceof IndexColorModel)) {
			copyGray(image, target, alpha);
		}
		else if (!space.isCS_sRGB() && model.getNumColorComponents() == 3) {
			new ColorConvertOp(null).filter(image, target);
		}
		else {
			Graphics2D g = target.createGraphics();
			try {
				g.drawImage(image, 0, 0, null);
			}
			finally {
				g.dispose();
			}
		}
		return target;
	}

	/**
	 * Gray samples are stored with the sRGB tone curve, as browsers assume, but Java tags
	 * them with a linear gray space and would brighten them on conversion: copy them as
	 * they are instead, scaled to 8 bits.
	 */
	private static void copyGray(BufferedImage image, BufferedImage target, boolean alpha) {
		Raster raster = image.getRaster();
		int bands = raster.getNumBands();
		int grayMax = (1 << image.getColorModel().getComponentSize(0)) - 1;
		int alphaMax = alpha ? (1 << image.getColorModel().getComponentSize(bands - 1)) - 1 : 1;
		int width = image.getWidth();
		int[] samples = new int[width * bands];
		int[] argb = new int[width];
		for (int y = 0; y < image.getHeight(); y++) {
			raster.getPixels(0, y, width, 1, samples);
			for (int x = 0; x < width; x++) {
				int gray = scale(samples[x * bands], grayMax);
				int a = alpha ? scale(samples[x * bands + bands - 1], alphaMax) : 255;
				argb[x] = (a << 24) | (gray << 16) | (gray << 8) | gray;
			}
			target.getRaster().setDataElements(0, y, width, 1, argb);
		}
	}

	private static int scale(int sample, int max) {
		return (max == 255) ? sample : (int) Math.round(sample * 255.0 / max);
	}

}
