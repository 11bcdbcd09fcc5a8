package io.imagepipe.worker.compress;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferInt;
import java.awt.image.DirectColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;

import com.twelvemonkeys.imageio.color.ColorProfiles;
import com.twelvemonkeys.imageio.color.ColorSpaces;
import net.coobird.thumbnailator.util.exif.ExifFilterUtils;
import net.coobird.thumbnailator.util.exif.Orientation;

/**
 * The libjpeg-turbo path of {@link Decoder}: a JPEG is decoded at the smallest of
 * libjpeg's DCT scales (1/8, 1/4, 3/8, 1/2, … 1) that still covers the size the slot's
 * resize makes of it, so a 24 MP photo for a 1024 px box is decoded at 1/4 and never
 * exists at full size, in the heap or in native memory. Its EXIF orientation is applied
 * and an embedded ICC profile converted to sRGB, as on the ImageIO path. Everything this
 * path does not decode itself goes to the ImageIO path: other formats, CMYK and YCCK
 * JPEGs (their colours need TwelveMonkeys' CMYK handling), grayscale JPEGs with an ICC
 * profile, and files whose headers TurboJPEG cannot read (so that they fail with the same
 * reasons).
 */
final class TurboJpegDecoder implements Decoder {

	/** The value of {@link #jpegPath()}. */
	static final String PATH = "libjpeg-turbo";

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
	public BufferedImage decode(byte[] source, SlotPreset preset) {
		BufferedImage image = isJpeg(source) ? decodeJpeg(source, preset) : null;
		return (image != null) ? image : this.fallback.decode(source, preset);
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
			TurboJpeg.Scale scale = this.turbo
				.scaleFor(Fitting.scale(jpeg.width(), jpeg.height(), preset, quarterTurn));
			BufferedImage image = new BufferedImage(scale.apply(jpeg.width()), scale.apply(jpeg.height()),
					BufferedImage.TYPE_INT_RGB);
			String warning;
			try {
				warning = jpeg.decode(scale, ((DataBufferInt) image.getRaster().getDataBuffer()).getData());
			}
			catch (TurboJpeg.TurboJpegException ex) {
				throw new UnprocessableImage(ImageDecoder.CORRUPT, ex);
			}
			if (warning != null && ImageDecoder.isDamage(warning)) {
				throw new UnprocessableImage(ImageDecoder.DAMAGED);
			}
			if (headers.profile() != null && !ColorProfiles.isCS_sRGB(headers.profile())) {
				image = Srgb.convert(inProfile(image, headers.profile()));
			}
			if (headers.orientation() != Orientation.TOP_LEFT) {
				image = ExifFilterUtils.getFilterForOrientation(headers.orientation()).apply(image);
			}
			return image;
		}
	}

	/**
	 * Whether this path decodes a JPEG's colours as the ImageIO path does: YCbCr, RGB and
	 * gray are, with an RGB ICC profile where there is one; CMYK and YCCK are not.
	 */
	private static boolean decodesRight(int colorspace, ICC_Profile profile) {
		return switch (colorspace) {
			case TurboJpeg.CS_YCBCR, TurboJpeg.CS_RGB ->
				profile == null || profile.getColorSpaceType() == ColorSpace.TYPE_RGB;
			case TurboJpeg.CS_GRAY -> profile == null;
			default -> false;
		};
	}

	/**
	 * The decoded pixels, unchanged, tagged with the colour space of the JPEG's profile,
	 * so that {@link Srgb} converts them.
	 */
	private static BufferedImage inProfile(BufferedImage image, ICC_Profile profile) {
		ColorSpace space = ColorSpaces.createColorSpace(profile);
		DirectColorModel model = new DirectColorModel(space, 24, 0xff0000, 0xff00, 0xff, 0, false, DataBuffer.TYPE_INT);
		WritableRaster raster = Raster.createPackedRaster(image.getRaster().getDataBuffer(), image.getWidth(),
				image.getHeight(), image.getWidth(), new int[] { 0xff0000, 0xff00, 0xff }, null);
		return new BufferedImage(model, raster, false, null);
	}

	private static boolean isJpeg(byte[] source) {
		return source.length > 3 && (source[0] & 0xff) == 0xFF && (source[1] & 0xff) == 0xD8
				&& (source[2] & 0xff) == 0xFF;
	}

}
