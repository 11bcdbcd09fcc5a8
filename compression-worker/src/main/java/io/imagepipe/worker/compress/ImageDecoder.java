package io.imagepipe.worker.compress;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import net.coobird.thumbnailator.util.exif.ExifFilterUtils;
import net.coobird.thumbnailator.util.exif.ExifUtils;
import net.coobird.thumbnailator.util.exif.Orientation;

/**
 * Decodes an upload into upright sRGB pixels. The dimensions are checked from the header
 * before any pixel is decoded, and large sources are decoded subsampled, close to the
 * size they will be resized to, so a 50 MP photo never needs 50 MP of heap.
 */
final class ImageDecoder {

	static {
		ImageIO.scanForPlugins();
		ImageIO.setUseCache(false);
	}

	private final long maxPixels;

	ImageDecoder(long maxPixels) {
		this.maxPixels = maxPixels;
	}

	/**
	 * Decode an image for a target box.
	 * @param source the upload's bytes
	 * @param boxWidth the width it will be resized to at most
	 * @param boxHeight the height it will be resized to at most
	 * @return the upright picture, in sRGB, with alpha where the source has it
	 */
	BufferedImage decode(byte[] source, int boxWidth, int boxHeight) {
		if (source.length == 0) {
			throw new UnprocessableImage("The file is empty.");
		}
		try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(source))) {
			Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
			if (!readers.hasNext()) {
				throw new UnprocessableImage("The file is not a JPEG, PNG, GIF or WebP image.");
			}
			ImageReader reader = readers.next();
			try {
				reader.setInput(input, true, false);
				return decode(reader, boxWidth, boxHeight);
			}
			finally {
				reader.dispose();
			}
		}
		catch (UnprocessableImage ex) {
			throw ex;
		}
		catch (IIOException | IllegalArgumentException | ArrayIndexOutOfBoundsException | IllegalStateException ex) {
			throw new UnprocessableImage("The image is corrupt or truncated and cannot be decoded.", ex);
		}
		catch (IOException ex) {
			throw new UnprocessableImage("The image cannot be read: it is corrupt or truncated.", ex);
		}
	}

	private BufferedImage decode(ImageReader reader, int boxWidth, int boxHeight) throws IOException {
		int width = reader.getWidth(0);
		int height = reader.getHeight(0);
		if ((long) width * height > this.maxPixels) {
			throw new UnprocessableImage("The image is " + width + " × " + height + " pixels; at most " + this.maxPixels
					+ " pixels are processed.");
		}
		Orientation orientation = orientationOf(reader);
		boolean quarterTurn = isQuarterTurn(orientation);
		int sourceBoxWidth = quarterTurn ? boxHeight : boxWidth;
		int sourceBoxHeight = quarterTurn ? boxWidth : boxHeight;
		ImageReadParam param = reader.getDefaultReadParam();
		int step = subsampling(width, height, sourceBoxWidth, sourceBoxHeight);
		if (step > 1) {
			param.setSourceSubsampling(step, step, 0, 0);
		}
		List<String> warnings = new ArrayList<>();
		reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
		BufferedImage image = reader.read(0, param);
		if (image == null) {
			throw new UnprocessableImage("The image has no pixels.");
		}
		if (warnings.stream().anyMatch(ImageDecoder::isDamage)) {
			throw new UnprocessableImage("The image is truncated or corrupt: its pixel data ends early.");
		}
		if (orientation != null && orientation != Orientation.TOP_LEFT) {
			image = ExifFilterUtils.getFilterForOrientation(orientation).apply(image);
		}
		return toSrgb(image);
	}

	/**
	 * The subsampling step that keeps the decoded image at least twice the box, so the
	 * final resize still has detail to filter from.
	 */
	static int subsampling(int width, int height, int boxWidth, int boxHeight) {
		double ratio = Math.min((double) width / boxWidth, (double) height / boxHeight);
		return Math.max(1, (int) Math.floor(ratio / 2));
	}

	private static boolean isDamage(String warning) {
		String text = warning.toLowerCase(java.util.Locale.ROOT);
		return text.contains("premature end") || text.contains("corrupt") || text.contains("truncated");
	}

	private static Orientation orientationOf(ImageReader reader) {
		if (!"jpeg".equalsIgnoreCase(formatName(reader))) {
			return Orientation.TOP_LEFT;
		}
		try {
			Orientation orientation = ExifUtils.getExifOrientation(reader, 0);
			return (orientation != null) ? orientation : Orientation.TOP_LEFT;
		}
		catch (IOException | RuntimeException ex) {
			return Orientation.TOP_LEFT;
		}
	}

	private static String formatName(ImageReader reader) {
		try {
			return reader.getFormatName();
		}
		catch (IOException ex) {
			return "";
		}
	}

	private static boolean isQuarterTurn(Orientation orientation) {
		return orientation == Orientation.LEFT_TOP || orientation == Orientation.RIGHT_TOP
				|| orientation == Orientation.RIGHT_BOTTOM || orientation == Orientation.LEFT_BOTTOM;
	}

	/**
	 * Bring any decoded image (CMYK converted by the reader, grayscale, palette, 16-bit,
	 * an embedded ICC profile) to 8-bit sRGB, with alpha only where the source has it.
	 */
	static BufferedImage toSrgb(BufferedImage image) {
		boolean alpha = image.getColorModel().hasAlpha();
		int type = alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
		if (image.getType() == type) {
			return image;
		}
		BufferedImage target = new BufferedImage(image.getWidth(), image.getHeight(), type);
		if (!image.getColorModel().getColorSpace().isCS_sRGB() && image.getColorModel().getNumColorComponents() == 3) {
			new ColorConvertOp(null).filter(image, target);
			return target;
		}
		Graphics2D g = target.createGraphics();
		try {
			g.drawImage(image, 0, 0, null);
		}
		finally {
			g.dispose();
		}
		return target;
	}

}
