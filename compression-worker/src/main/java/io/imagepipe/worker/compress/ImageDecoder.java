package io.imagepipe.worker.compress;

import java.awt.Dimension;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import com.luciad.imageio.webp.WebPReadParam;
import io.imagepipe.contract.DecodeDeadline;
import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import net.coobird.thumbnailator.util.exif.ExifFilterUtils;
import net.coobird.thumbnailator.util.exif.ExifUtils;
import net.coobird.thumbnailator.util.exif.Orientation;

/**
 * The ImageIO path of {@link Decoder}: decodes any accepted upload into upright sRGB
 * pixels with the ImageIO readers (TwelveMonkeys for JPEG, libwebp for WebP, the JDK's
 * for PNG and GIF). The dimensions and the frame count are checked from the headers
 * before any pixel is decoded, and the heap a decode takes is bounded by
 * {@link DecodeBudget}. Of an animation, only the first frame is decoded. The reader is
 * created in one place, {@link SourceReader#choose}, and reads the pixels in one place,
 * {@link #read}.
 */
final class ImageDecoder implements Decoder {

	/** The value of {@link #jpegPath()}. */
	static final String PATH = "imageio";

	/** The reason given for a source whose pixel data ends early or is damaged. */
	static final String DAMAGED = "The image is truncated or corrupt: its pixel data ends early.";

	/** The reason given for a source that cannot be decoded at all. */
	static final String CORRUPT = "The image is corrupt or truncated and cannot be decoded.";

	static {
		ImageIO.scanForPlugins();
		ImageIO.setUseCache(false);
	}

	private final long maxPixels;

	private final int maxFrames;

	ImageDecoder(long maxPixels, int maxFrames) {
		this.maxPixels = maxPixels;
		this.maxFrames = maxFrames;
	}

	@Override
	public String jpegPath() {
		return PATH;
	}

	@Override
	public BufferedImage decode(byte[] source, SlotPreset preset, DecodeDeadline deadline) {
		if (source.length == 0) {
			throw new UnprocessableImage("The file is empty.");
		}
		try (ImageInputStream input = new ByteArrayImageInputStream(source)) {
			SourceReader.Chosen chosen = SourceReader.choose(input);
			try {
				if (deadline != null) {
					deadline.watch(chosen.reader());
				}
				BufferedImage image = decode(chosen, preset);
				if (deadline != null) {
					deadline.check();
				}
				return image;
			}
			finally {
				chosen.reader().dispose();
			}
		}
		catch (DecodeDeadline.DeadlinePassed ex) {
			throw new UnprocessableImage(ex.getMessage(), ex);
		}
		catch (IOException | RuntimeException ex) {
			// an aborted read ends early, and may fail on what it left undone
			if (deadline != null && deadline.passed()) {
				throw new UnprocessableImage(new DecodeDeadline.DeadlinePassed(deadline.budget()).getMessage(), ex);
			}
			if (ex instanceof UnprocessableImage unprocessable) {
				throw unprocessable;
			}
			throw new UnprocessableImage(CORRUPT, ex);
		}
	}

	private BufferedImage decode(SourceReader.Chosen chosen, SlotPreset preset) throws IOException {
		ImageReader reader = chosen.reader();
		Dimension canvas = FirstFrame.canvas(reader, chosen.mediaType());
		checkLimits(canvas, chosen.frames());
		Orientation orientation = orientationOf(reader, chosen.mediaType());
		boolean quarterTurn = isQuarterTurn(orientation);
		int step = DecodeBudget.step(reader, canvas.width, canvas.height);
		BufferedImage image;
		// a picture of more than LargeDecodes.BYTES (up to the budget) waits for any
		// other large decode, and holds its turn until it is shrunk
		LargeDecodes.Permit permit = LargeDecodes
			.enter(DecodeBudget.bytes(reader, canvas.width, canvas.height, step) > LargeDecodes.BYTES);
		try {
			image = read(reader, step);
			if ("image/gif".equals(chosen.mediaType())) {
				image = FirstFrame.onCanvas(reader, image, canvas, step);
			}
			image = DecodeBudget.shrink(image, Fitting.scale(image.getWidth(), image.getHeight(), preset, quarterTurn));
		}
		finally {
			permit.close();
		}
		if (orientation != Orientation.TOP_LEFT) {
			image = ExifFilterUtils.getFilterForOrientation(orientation).apply(image);
		}
		return Srgb.convert(image);
	}

	/**
	 * Read the first image's pixels, subsampled by {@code step}.
	 */
	private static BufferedImage read(ImageReader reader, int step) throws IOException {
		List<String> warnings = new ArrayList<>();
		reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
		BufferedImage image = reader.read(0, readParam(reader, step));
		if (image == null) {
			throw new UnprocessableImage("The image has no pixels.");
		}
		if (warnings.stream().anyMatch(ImageDecoder::isDamage)) {
			throw new UnprocessableImage(DAMAGED);
		}
		return image;
	}

	private void checkLimits(Dimension canvas, int frames) {
		checkPixels(canvas.width, canvas.height, this.maxPixels);
		if (frames > this.maxFrames) {
			throw new UnprocessableImage(
					"The animation has " + frames + " frames; at most " + this.maxFrames + " are processed.");
		}
	}

	static void checkPixels(int width, int height, long maxPixels) {
		if ((long) width * height > maxPixels) {
			throw new UnprocessableImage("The image is " + width + " × " + height + " pixels; at most " + maxPixels
					+ " pixels are processed.");
		}
	}

	private static ImageReadParam readParam(ImageReader reader, int step) throws IOException {
		ImageReadParam param = reader.getDefaultReadParam();
		if (step > 1 && param instanceof WebPReadParam webp) {
			webp.setUseScaling(true);
			webp.setScaledWidth(Math.ceilDiv(reader.getWidth(0), step));
			webp.setScaledHeight(Math.ceilDiv(reader.getHeight(0), step));
		}
		else if (step > 1) {
			param.setSourceSubsampling(step, step, 0, 0);
		}
		return param;
	}

	static boolean isDamage(String warning) {
		String text = warning.toLowerCase(Locale.ROOT);
		return text.contains("premature end") || text.contains("corrupt") || text.contains("truncated");
	}

	private static Orientation orientationOf(ImageReader reader, String mediaType) {
		if (!"image/jpeg".equals(mediaType)) {
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

	static boolean isQuarterTurn(Orientation orientation) {
		return orientation == Orientation.LEFT_TOP || orientation == Orientation.RIGHT_TOP
				|| orientation == Orientation.RIGHT_BOTTOM || orientation == Orientation.LEFT_BOTTOM;
	}

}
