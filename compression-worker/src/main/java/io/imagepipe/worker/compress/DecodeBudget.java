package io.imagepipe.worker.compress;

import java.awt.image.BufferedImage;
import java.awt.image.SampleModel;
import java.io.IOException;
import java.util.Iterator;
import java.util.Set;

import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;

/**
 * Bounds the heap one decode takes. A source is decoded whole when its pixels fit
 * {@value #BYTES} bytes, at the reader's own pixel format plus the 4-byte copy that
 * non-RGB formats need for conversion; otherwise it is subsampled (libwebp: scaled) by
 * the smallest step that fits. Right after decoding, a picture much larger than its slot
 * needs is shrunk to twice the size the slot's resize makes of it, before the orientation
 * and colour steps copy it. This is the ImageIO path's bound (JPEGs normally take
 * libjpeg-turbo's scaled decode): a 50 MP 8-bit JPEG (150 MB whole) is read at every
 * second pixel, a 50 MP 16-bit PNG with alpha (600 MB with its copy) at every fourth. A
 * picture of more than {@link LargeDecodes#BYTES} waits for any other large decode, so
 * two jobs fit the worker's default heap (infra/jvm/compression-worker.options).
 */
final class DecodeBudget {

	/** The most bytes a decoded picture may take. */
	static final long BYTES = 64L * 1024 * 1024;

	private static final Set<Integer> RGB_TYPES = Set.of(BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB,
			BufferedImage.TYPE_INT_BGR, BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR);

	private DecodeBudget() {
	}

	/**
	 * The subsampling step that keeps the decoded picture within the budget.
	 */
	static int step(ImageReader reader, int width, int height) throws IOException {
		double ratio = Math.sqrt((double) width * height * bytesPerPixel(reader) / BYTES);
		return Math.max(1, (int) Math.ceil(ratio));
	}

	/**
	 * The bytes the picture decoded at a step takes, with its copy for conversion.
	 */
	static long bytes(ImageReader reader, int width, int height, int step) throws IOException {
		return (long) Math.ceilDiv(width, step) * Math.ceilDiv(height, step) * bytesPerPixel(reader);
	}

	private static long bytesPerPixel(ImageReader reader) throws IOException {
		ImageTypeSpecifier type = typeOf(reader);
		if (type == null) {
			return 4;
		}
		SampleModel model = type.getSampleModel(1, 1);
		int bits = 0;
		for (int size : model.getSampleSize()) {
			bits += size;
		}
		return Math.max(1, bits / 8) + (RGB_TYPES.contains(type.getBufferedImageType()) ? 0 : 4);
	}

	/**
	 * Shrink a freshly decoded picture by the largest whole factor that keeps it at least
	 * twice the size the slot's resize makes of it, so that the steps after decoding copy
	 * a small picture. Formats other than 8-bit RGB are first brought to sRGB.
	 * @param image the decoded picture
	 * @param scale the scale the slot's resize applies to it ({@link Fitting})
	 */
	static BufferedImage shrink(BufferedImage image, double scale) {
		int factor = (int) Math.floor(1.0 / (2.0 * scale));
		if (factor < 2) {
			return image;
		}
		BufferedImage rgb = BoxShrink.canRead(image) ? image : Srgb.convert(image);
		return BoxShrink.by(rgb, factor);
	}

	private static ImageTypeSpecifier typeOf(ImageReader reader) throws IOException {
		ImageTypeSpecifier raw = reader.getRawImageType(0);
		if (raw != null) {
			return raw;
		}
		Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
		return types.hasNext() ? types.next() : null;
	}

}
