package io.imagepipe.worker.compress;

import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.IOException;
import java.util.List;

import io.imagepipe.contract.DecodeDeadline;
import com.twelvemonkeys.imageio.color.ColorProfiles;
import net.coobird.thumbnailator.util.exif.ExifFilterUtils;
import net.coobird.thumbnailator.util.exif.Orientation;

/**
 * The libjpeg-turbo path of {@link Decoder}: a JPEG is decoded at the smallest of
 * libjpeg's DCT scales 1/8, 1/4, 3/8, 1/2 and 1 that still covers the size the slot's
 * resize makes of it by {@link #MARGIN}, and whose rounded sides give the same output
 * size as the source's, so a 24 MP photo for a 1024 px box is decoded at 1/4, a 12 MP one
 * at 3/8, and neither ever exists at full size in the heap. Its EXIF orientation is
 * applied as on the ImageIO path. Everything this path does not decode itself goes to the
 * ImageIO path: other formats, CMYK and YCCK JPEGs and JPEGs with an ICC profile other
 * than sRGB (their colours need TwelveMonkeys' colour handling), and files whose headers
 * TurboJPEG cannot read (so that they fail with the same reasons).
 */
final class TurboJpegDecoder implements Decoder {

	/** The value of {@link #jpegPath()}. */
	static final String PATH = "libjpeg-turbo";

	/**
	 * How much larger than the slot's output the decode stays at least. Decoded just over
	 * the output size, a noisy photo's final resize of a few percent blurs its grain
	 * rather than averaging it (generated 12 MP and 50 MP photos fell to SSIM 0.946); a
	 * quarter more leaves Thumbnailator a real downscale.
	 */
	static final double MARGIN = 1.25;

	private final TurboJpeg turbo;

	private final Decoder fallback;

	private final long maxPixels;

	TurboJpegDecoder(TurboJpeg turbo, Decoder fallback, long maxPixels) {
		this.turbo = turbo;
		this.fallback = fallback;
		this.maxPixels = maxPixels;
	}

	@Override
	public String jpegPath() {
		return PATH;
	}

	@Override
	public BufferedImage decode(byte[] source, SlotPreset preset, DecodeDeadline deadline) {
		if (!isJpeg(source)) {
			return this.fallback.decode(source, preset, deadline);
		}
		// a native decode cannot be aborted: its work was bounded before it started (the
		// compressor's ImageStructure check of the file's scans and markers), and the
		// deadline is checked when it returns
		BufferedImage image = decodeJpeg(source, preset);
		if (image == null) {
			return this.fallback.decode(source, preset, deadline);
		}
		if (deadline != null && deadline.passed()) {
			throw new UnprocessableImage(new DecodeDeadline.DeadlinePassed(deadline.budget()).getMessage());
		}
		return image;
	}

	/**
	 * Decode a JPEG scaled, or return {@code null} when the ImageIO path should.
	 */
	private BufferedImage decodeJpeg(byte[] source, SlotPreset preset) {
		JpegHeaders headers;
		try {
			headers = JpegHeaders.read(source);
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
		TurboJpeg.Decompression jpeg;
		try {
			jpeg = this.turbo.open(source);
		}
		catch (TurboJpeg.TurboJpegException ex) {
			return null;
		}
		try (jpeg) {
			if (!decodesRight(jpeg.colorspace(), headers.profile())) {
				return null;
			}
			ImageDecoder.checkPixels(jpeg.width(), jpeg.height(), this.maxPixels);
			boolean quarterTurn = ImageDecoder.isQuarterTurn(headers.orientation());
			TurboJpeg.Scale scale = scale(jpeg.width(), jpeg.height(), preset, quarterTurn);
			BufferedImage image = new BufferedImage(scale.apply(jpeg.width()), scale.apply(jpeg.height()),
					BufferedImage.TYPE_INT_RGB);
			// libjpeg keeps a progressive JPEG's coefficients for the whole image,
			// whatever the scale: a large one waits for any other large decode
			boolean large = headers.progressive()
					&& (long) jpeg.width() * jpeg.height() > LargeDecodes.PROGRESSIVE_PIXELS;
			String warning;
			LargeDecodes.Permit permit = LargeDecodes.enter(large);
			try {
				warning = jpeg.decode(scale, ((DataBufferInt) image.getRaster().getDataBuffer()).getData());
			}
			catch (TurboJpeg.TurboJpegException ex) {
				throw new UnprocessableImage(ImageDecoder.CORRUPT, ex);
			}
			finally {
				permit.close();
			}
			if (warning != null && ImageDecoder.isDamage(warning)) {
				throw new UnprocessableImage(ImageDecoder.DAMAGED);
			}
			if (headers.orientation() != Orientation.TOP_LEFT) {
				image = ExifFilterUtils.getFilterForOrientation(headers.orientation()).apply(image);
			}
			return image;
		}
	}

	/**
	 * The smallest scale that covers the slot's output by the margin and keeps the
	 * output's size: libjpeg rounds a scaled side up, which can change the aspect enough
	 * that the resize makes a pixel less of one side (4500 × 3000 at 3/8 is 1688 × 1125,
	 * resized to 1024 × 682 rather than 683).
	 */
	private TurboJpeg.Scale scale(int width, int height, SlotPreset preset, boolean quarterTurn) {
		List<TurboJpeg.Scale> scales = this.turbo
			.scalesFrom(MARGIN * Fitting.scale(width, height, preset, quarterTurn));
		int outWidth = quarterTurn ? height : width;
		int outHeight = quarterTurn ? width : height;
		for (TurboJpeg.Scale scale : scales) {
			int scaledWidth = scale.apply(outWidth);
			int scaledHeight = scale.apply(outHeight);
			if (Fitting.output(scaledWidth, scaledHeight, preset).equals(Fitting.output(outWidth, outHeight, preset))) {
				return scale;
			}
		}
		return scales.get(scales.size() - 1);
	}

	/**
	 * Whether this path decodes a JPEG's colours as the ImageIO path does: YCbCr, RGB and
	 * gray are, without an ICC profile or with an sRGB one. CMYK and YCCK are not, nor
	 * other profiles (Adobe RGB, Display P3): converted by Java's colour management from
	 * libjpeg-turbo's pixels they missed the corpus tests' colour checks, so
	 * TwelveMonkeys converts them, as before.
	 */
	private static boolean decodesRight(int colorspace, ICC_Profile profile) {
		boolean srgb = profile == null || ColorProfiles.isCS_sRGB(profile);
		return srgb && (colorspace == TurboJpeg.CS_YCBCR || colorspace == TurboJpeg.CS_RGB
				|| colorspace == TurboJpeg.CS_GRAY);
	}

	private static boolean isJpeg(byte[] source) {
		return source.length > 3 && (source[0] & 0xff) == 0xFF && (source[1] & 0xff) == 0xD8
				&& (source[2] & 0xff) == 0xFF;
	}

}
