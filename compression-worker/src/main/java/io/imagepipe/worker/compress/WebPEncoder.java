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
 * Encodes lossy WebP with libwebp (through webp-imageio) and searches for the highest
 * quality whose output fits the byte budget, in a bounded number of encodes.
 */
final class WebPEncoder {

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
	 * @param steps the most extra encodes of the bisection
	 * @return the best fitting encode, or {@code null} when even the lowest quality does
	 * not fit
	 */
	Encoded fit(BufferedImage image, long maxBytes, float maxQuality, float minQuality, int steps) {
		Encoded first = encode(image, maxQuality);
		if (first.bytes().length <= maxBytes) {
			return first;
		}
		Encoded floor = encode(image, minQuality);
		if (floor.bytes().length > maxBytes) {
			return null;
		}
		Encoded best = floor;
		float low = minQuality;
		float high = maxQuality;
		for (int i = 0; i < steps && high - low > 0.02f; i++) {
			float mid = (low + high) / 2;
			Encoded candidate = encode(image, mid);
			if (candidate.bytes().length <= maxBytes) {
				best = candidate;
				low = mid;
			}
			else {
				high = mid;
			}
		}
		return best;
	}

	Encoded encode(BufferedImage image, float quality) {
		ImageWriter writer = writer();
		try (ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 * 1024);
				ImageOutputStream output = new MemoryCacheImageOutputStream(buffer)) {
			WebPWriteParam param = new WebPWriteParam(writer.getLocale());
			param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
			param.setCompressionType(param.getCompressionTypes()[WebPWriteParam.LOSSY_COMPRESSION]);
			param.setCompressionQuality(quality);
			param.setMethod(this.method);
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
		if (!writers.hasNext()) {
			throw new IllegalStateException("No WebP encoder: webp-imageio is missing from the class path");
		}
		return writers.next();
	}

	/**
	 * One encode.
	 *
	 * @param bytes the WebP file
	 * @param quality the quality used
	 */
	record Encoded(byte[] bytes, float quality) {
	}

}
