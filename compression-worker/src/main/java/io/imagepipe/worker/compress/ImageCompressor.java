package io.imagepipe.worker.compress;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import io.imagepipe.contract.VersionedUrls;
import net.coobird.thumbnailator.Thumbnails;
import net.coobird.thumbnailator.geometry.Positions;

import org.springframework.stereotype.Component;

/**
 * Turns an upload into the WebP to serve: decode upright in sRGB, resize to the slot's
 * preset with Thumbnailator, and encode at the highest quality that fits the budget. When
 * even the lowest quality does not fit, the picture is scaled down a step and tried
 * again.
 */
@Component
public class ImageCompressor {

	private static final double DOWNSCALE_STEP = 0.75;

	private static final int MAX_DOWNSCALES = 8;

	private final CompressionProperties properties;

	private final ImageDecoder decoder;

	private final WebPEncoder encoder;

	public ImageCompressor(CompressionProperties properties) {
		this.properties = properties;
		this.decoder = new ImageDecoder(properties.maxPixels());
		this.encoder = new WebPEncoder(properties.method());
	}

	/**
	 * Compress one upload for a slot.
	 * @param source the upload's bytes
	 * @param preset the slot's size
	 * @return the WebP and what it is
	 * @throws UnprocessableImage when the upload can never be processed
	 */
	public CompressedImage compress(byte[] source, SlotPreset preset) {
		long start = System.nanoTime();
		BufferedImage decoded = this.decoder.decode(source, preset.maxWidth(), preset.maxHeight());
		BufferedImage image = resize(decoded, preset.maxWidth(), preset.maxHeight(), preset.fit());
		long maxBytes = this.properties.maxBytes().toBytes();
		for (int i = 0; i <= MAX_DOWNSCALES; i++) {
			WebPEncoder.Encoded encoded = this.encoder.fit(image, maxBytes, this.properties.quality(),
					this.properties.minQuality(), this.properties.qualitySteps());
			if (encoded != null) {
				long millis = (System.nanoTime() - start) / 1_000_000;
				return new CompressedImage(encoded.bytes(), image.getWidth(), image.getHeight(),
						sha256(encoded.bytes()), encoded.quality(), millis);
			}
			image = resize(image, scaled(image.getWidth()), scaled(image.getHeight()), SlotPreset.Fit.INSIDE);
		}
		throw new UnprocessableImage("The image cannot be compressed within " + maxBytes + " bytes.");
	}

	private static int scaled(int size) {
		return Math.max(1, (int) Math.floor(size * DOWNSCALE_STEP));
	}

	static BufferedImage resize(BufferedImage image, int maxWidth, int maxHeight, SlotPreset.Fit fit) {
		try {
			if (fit == SlotPreset.Fit.COVER) {
				double shrink = Math.min(1.0,
						Math.min((double) image.getWidth() / maxWidth, (double) image.getHeight() / maxHeight));
				int width = Math.max(1, (int) Math.round(maxWidth * shrink));
				int height = Math.max(1, (int) Math.round(maxHeight * shrink));
				return Thumbnails.of(image).size(width, height).crop(Positions.CENTER).asBufferedImage();
			}
			if (image.getWidth() <= maxWidth && image.getHeight() <= maxHeight) {
				return image;
			}
			return Thumbnails.of(image).size(maxWidth, maxHeight).keepAspectRatio(true).asBufferedImage();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String sha256(byte[] bytes) {
		try {
			return VersionedUrls.hex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
