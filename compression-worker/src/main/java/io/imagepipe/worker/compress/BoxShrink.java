package io.imagepipe.worker.compress;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.SinglePixelPackedSampleModel;
import java.awt.image.WritableRaster;
import java.util.Arrays;

/**
 * Shrinks a picture by a whole factor, each output pixel the average of a square of
 * source pixels (colours weighted by their opacity), in integer arithmetic over the
 * raster's own array. Unlike a resize library's progressive steps, it allocates nothing
 * but the output and one row of sums, so a 50 MP decode is reduced without a second
 * full-size copy; Thumbnailator makes the final, smaller resize. It reads the 8-bit RGB
 * layouts the decoders produce ({@link #canRead}); others are first brought to sRGB.
 */
final class BoxShrink {

	private BoxShrink() {
	}

	/**
	 * Whether the picture's pixels are laid out as this class reads them: packed
	 * {@code int} RGB or ARGB, or interleaved BGR or ABGR bytes, not a sub-image.
	 */
	static boolean canRead(BufferedImage image) {
		WritableRaster raster = image.getRaster();
		if (raster.getSampleModelTranslateX() != 0 || raster.getSampleModelTranslateY() != 0
				|| raster.getDataBuffer().getNumBanks() != 1 || raster.getDataBuffer().getOffset() != 0) {
			return false;
		}
		return switch (image.getType()) {
			case BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB ->
				raster.getSampleModel() instanceof SinglePixelPackedSampleModel;
			case BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR ->
				raster.getSampleModel() instanceof PixelInterleavedSampleModel;
			default -> false;
		};
	}

	/**
	 * Shrink a picture that {@link #canRead} reads.
	 * @param image the picture
	 * @param factor the side of the square averaged into one pixel, at least 2
	 * @return the picture, {@code factor} times smaller, as {@code int} RGB or ARGB
	 */
	static BufferedImage by(BufferedImage image, int factor) {
		if (!canRead(image)) {
			throw new IllegalArgumentException("Unsupported pixel layout: type " + image.getType());
		}
		boolean alpha = image.getColorModel().hasAlpha();
		int width = image.getWidth() / factor;
		int height = image.getHeight() / factor;
		BufferedImage out = new BufferedImage(width, height,
				alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
		int[] target = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
		Source source = Source.of(image);
		int area = factor * factor;
		long[] sums = new long[width * 4];
		for (int y = 0; y < height; y++) {
			Arrays.fill(sums, 0);
			for (int dy = 0; dy < factor; dy++) {
				source.addRow(y * factor + dy, width, factor, alpha, sums);
			}
			int row = y * width;
			for (int x = 0; x < width; x++) {
				int i = x * 4;
				target[row + x] = alpha ? averageWeighted(sums, i, area) : average(sums, i, area);
			}
		}
		return out;
	}

	private static int average(long[] sums, int i, int area) {
		int half = area / 2;
		return 0xff000000 | (int) ((sums[i + 1] + half) / area) << 16 | (int) ((sums[i + 2] + half) / area) << 8
				| (int) ((sums[i + 3] + half) / area);
	}

	private static int averageWeighted(long[] sums, int i, int area) {
		long a = sums[i];
		if (a == 0) {
			return 0;
		}
		long half = a / 2;
		return (int) ((a + area / 2) / area) << 24 | (int) ((sums[i + 1] + half) / a) << 16
				| (int) ((sums[i + 2] + half) / a) << 8 | (int) ((sums[i + 3] + half) / a);
	}

	/**
	 * A picture's pixels, added row by row into sums of alpha, red, green and blue per
	 * output column (colours multiplied by alpha where the picture has alpha).
	 */
	private abstract static class Source {

		static Source of(BufferedImage image) {
			WritableRaster raster = image.getRaster();
			if (raster.getDataBuffer() instanceof DataBufferInt ints) {
				return new Packed(ints.getData(),
						((SinglePixelPackedSampleModel) raster.getSampleModel()).getScanlineStride());
			}
			PixelInterleavedSampleModel model = (PixelInterleavedSampleModel) raster.getSampleModel();
			return new Interleaved(((DataBufferByte) raster.getDataBuffer()).getData(), model.getScanlineStride(),
					model.getPixelStride(), model.getBandOffsets());
		}

		abstract void addRow(int y, int width, int factor, boolean alpha, long[] sums);

	}

	/** {@code int} pixels, {@code 0xAARRGGBB}. */
	private static final class Packed extends Source {

		private final int[] data;

		private final int stride;

		Packed(int[] data, int stride) {
			this.data = data;
			this.stride = stride;
		}

		@Override
		void addRow(int y, int width, int factor, boolean alpha, long[] sums) {
			int p = y * this.stride;
			for (int x = 0; x < width; x++) {
				int i = x * 4;
				long a = 0;
				long r = 0;
				long g = 0;
				long b = 0;
				for (int k = 0; k < factor; k++, p++) {
					int argb = this.data[p];
					int weight = alpha ? argb >>> 24 : 1;
					a += weight;
					r += weight * ((argb >> 16) & 0xff);
					g += weight * ((argb >> 8) & 0xff);
					b += weight * (argb & 0xff);
				}
				sums[i] += a;
				sums[i + 1] += r;
				sums[i + 2] += g;
				sums[i + 3] += b;
			}
		}

	}

	/** Interleaved bytes: blue, green, red and, where present, alpha at their offsets. */
	private static final class Interleaved extends Source {

		private final byte[] data;

		private final int stride;

		private final int pixelStride;

		private final int red;

		private final int green;

		private final int blue;

		private final int alphaOffset;

		Interleaved(byte[] data, int stride, int pixelStride, int[] offsets) {
			this.data = data;
			this.stride = stride;
			this.pixelStride = pixelStride;
			this.red = offsets[0];
			this.green = offsets[1];
			this.blue = offsets[2];
			this.alphaOffset = (offsets.length > 3) ? offsets[3] : -1;
		}

		@Override
		void addRow(int y, int width, int factor, boolean alpha, long[] sums) {
			byte[] d = this.data;
			int p = y * this.stride;
			for (int x = 0; x < width; x++) {
				int i = x * 4;
				long a = 0;
				long r = 0;
				long g = 0;
				long b = 0;
				for (int k = 0; k < factor; k++, p += this.pixelStride) {
					int weight = alpha ? d[p + this.alphaOffset] & 0xff : 1;
					a += weight;
					r += weight * (d[p + this.red] & 0xff);
					g += weight * (d[p + this.green] & 0xff);
					b += weight * (d[p + this.blue] & 0xff);
				}
				sums[i] += a;
				sums[i + 1] += r;
				sums[i + 2] += g;
				sums[i + 3] += b;
			}
		}

	}

}
