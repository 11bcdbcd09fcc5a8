package io.imagepipe.worker.compress;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import com.luciad.imageio.webp.WebPWriteParam;

/**
 * Encodes WebP with libwebp (through webp-imageio) and searches for the highest quality
 * whose output fits a byte budget in a few encodes: the highest quality first, then the
 * floor, then at most {@code steps} guesses interpolated on the logarithm of the size,
 * which grows about exponentially with the quality. libwebp writes no EXIF, XMP or ICC
 * chunk unless asked, so the output carries no metadata.
 */
final class WebPEncoder {

	/** Qualities closer than this are not worth another encode. */
	private static final float PRECISION = 0.02f;

	/** Aim a little under the budget, so the guess more often fits at the first try. */
	private static final double AIM = 0.97;

	private final int method;

	WebPEncoder(int method) {
		this.method = method;
	}

	/**
	 * Encode at the highest quality in {@code [minQuality, maxQuality]} that fits.
	 * @param image the pixels
	 * @param maxBytes the budget
	 * @param maxQuality the quality tried first
	 * @param minQuality the lowest quality tried
	 * @param steps the most encodes between the first two
	 * @return the best fitting encode, or {@code null} when even the lowest quality does
	 * not fit
	 */
	Encoded fit(BufferedImage image, long maxBytes, float maxQuality, float minQuality, int steps) {
		Encoded high = encode(image, maxQuality);
		if (high.size() <= maxBytes) {
			return high;
		}
		Encoded low = encode(image, minQuality);
		if (low.size() > maxBytes) {
			return null;
		}
		for (int i = 0; i < steps && high.quality() - low.quality() > PRECISION; i++) {
			Encoded candidate = encode(image, guess(low, high, maxBytes * AIM));
			if (candidate.size() <= maxBytes) {
				low = candidate;
			}
			else {
				high = candidate;
			}
		}
		return low;
	}

	/**
	 * The quality expected to give the target size, between two encodes that bracket it,
	 * kept away from both ends so every guess narrows the bracket.
	 */
	static float guess(Encoded low, Encoded high, double target) {
		double span = Math.log(high.size()) - Math.log(low.size());
		double t = (span > 0) ? (Math.log(target) - Math.log(low.size())) / span : 0.5;
		t = Math.clamp(t, 0.15, 0.85);
		float quality = low.quality() + (float) t * (high.quality() - low.quality());
		return Math.round(quality * 100) / 100f;
	}

	Encoded encode(BufferedImage image, float quality) {
		return write(image, quality, false);
	}

	/**
	 * Encode losslessly: exact pixels, often the smallest for logos and flat graphics.
	 * @param image the pixels
	 * @return the encode, with quality 1
	 */
	Encoded encodeLossless(BufferedImage image) {
		return write(image, 1f, true);
	}

	private Encoded write(BufferedImage image, float quality, boolean lossless) {
		ImageWriter writer = writer();
		try (ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 * 1024);
				ImageOutputStream output = new MemoryCacheImageOutputStream(buffer)) {
			WebPWriteParam param = new WebPWriteParam(writer.getLocale());
			param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
			param.setCompressionType(param.getCompressionTypes()[lossless ? WebPWriteParam.LOSSLESS_COMPRESSION
					: WebPWriteParam.LOSSY_COMPRESSION]);
			param.setCompressionQuality(quality);
			param.setMethod(this.method);
			param.setAlphaQuality(100);
			param.setUseSharpYUV(false);
			writer.setOutput(output);
			writer.write(null, new IIOImage(image, null, null), param);
			output.flush();
			return new Encoded(buffer.toByteArray(), quality);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("WebP encoding failed", ex);
		}
		finally {
			writer.dispose();
		}
	}

	private static ImageWriter writer() {
		Iterator<ImageWriter> writers = ImageIO.getImageWritersByMIMEType("image/webp");
		while (writers.hasNext()) {
			ImageWriter writer = writers.next();
			if (writer.getDefaultWriteParam() instanceof WebPWriteParam) {
				return writer;
			}
			writer.dispose();
		}
		throw new IllegalStateException("No WebP encoder: webp-imageio is missing from the class path");
	}

	/**
	 * One encode.
	 *
	 * @param bytes the WebP file
	 * @param quality the quality used; 1 for lossless
	 */
	record Encoded(byte[] bytes, float quality) {

		int size() {
			return this.bytes.length;
		}

	}

}
