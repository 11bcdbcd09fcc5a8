package io.imagepipe.worker.compress;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Random;
import java.util.zip.CRC32;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Images made for tests, and the corpus of real photos shipped beside the repository.
 */
public final class TestImages {

	public static final Path CORPUS = Path.of("..", "test-images");

	private TestImages() {
	}

	public static byte[] corpus(String name) throws IOException {
		return Files.readAllBytes(CORPUS.resolve("exif-orientation").resolve(name));
	}

	/** Random noise: the hardest content to compress. */
	public static BufferedImage noise(int width, int height, long seed) {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Random random = new Random(seed);
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				image.setRGB(x, y, random.nextInt(0x1000000));
			}
		}
		return image;
	}

	/** A half-transparent logo-like picture. */
	public static BufferedImage transparentLogo(int width, int height) {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
		Graphics2D g = image.createGraphics();
		g.setColor(new Color(200, 30, 60, 255));
		g.fillOval(width / 4, height / 4, width / 2, height / 2);
		g.dispose();
		return image;
	}

	public static byte[] encode(BufferedImage image, String format) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		if (!ImageIO.write(image, format, out)) {
			throw new IOException("No writer for " + format);
		}
		return out.toByteArray();
	}

	/**
	 * Decode an image; WebP always with libwebp, the reference decoder (ImageIO lists the
	 * WebP readers in no fixed order, and TwelveMonkeys' Java decoder mis-decodes some
	 * lossless files that libwebp 1.3 writes).
	 */
	public static BufferedImage decode(byte[] bytes) throws IOException {
		try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
			Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
			ImageReader chosen = null;
			while (readers.hasNext()) {
				ImageReader reader = readers.next();
				if (chosen == null || reader.getClass().getName().startsWith("com.luciad.")) {
					chosen = reader;
				}
			}
			if (chosen == null) {
				return null;
			}
			try {
				chosen.setInput(input);
				return chosen.read(0);
			}
			finally {
				chosen.dispose();
			}
		}
	}

	/**
	 * A JPEG without its embedded ICC profile: how its pixels look to a decoder that
	 * ignores colour management.
	 */
	public static byte[] withoutIccProfile(byte[] jpeg) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(jpeg, 0, 2);
		int offset = 2;
		while (offset + 4 <= jpeg.length && (jpeg[offset + 1] & 0xff) != 0xDA) {
			int length = ((jpeg[offset + 2] & 0xff) << 8) | (jpeg[offset + 3] & 0xff);
			boolean icc = (jpeg[offset + 1] & 0xff) == 0xE2
					&& new String(jpeg, offset + 4, 11, java.nio.charset.StandardCharsets.US_ASCII)
						.equals("ICC_PROFILE");
			if (!icc) {
				out.write(jpeg, offset, length + 2);
			}
			offset += length + 2;
		}
		out.write(jpeg, offset, jpeg.length - offset);
		return out.toByteArray();
	}

	/**
	 * A valid 1×1 PNG whose header claims other dimensions: a decompression bomb's
	 * header.
	 */
	public static byte[] pngClaiming(int width, int height) throws IOException {
		byte[] png = encode(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), "png");
		ByteBuffer buffer = ByteBuffer.wrap(png);
		buffer.putInt(16, width);
		buffer.putInt(20, height);
		CRC32 crc = new CRC32();
		crc.update(png, 12, 17);
		buffer.putInt(29, (int) crc.getValue());
		return png;
	}

	/**
	 * The mean absolute difference per channel (0 to 255) of two pictures shrunk to the
	 * same small size.
	 */
	public static double difference(BufferedImage a, BufferedImage b) {
		int width = 24;
		int height = Math.max(1, Math.round(24f * a.getHeight() / a.getWidth()));
		int[] pa = shrink(a, width, height);
		int[] pb = shrink(b, width, height);
		long total = 0;
		for (int i = 0; i < pa.length; i++) {
			for (int shift = 0; shift <= 16; shift += 8) {
				total += Math.abs(((pa[i] >> shift) & 0xff) - ((pb[i] >> shift) & 0xff));
			}
		}
		return total / (pa.length * 3.0);
	}

	private static int[] shrink(BufferedImage image, int width, int height) {
		BufferedImage small = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = small.createGraphics();
		g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION,
				java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
		g.drawImage(image, 0, 0, width, height, null);
		g.dispose();
		return small.getRGB(0, 0, width, height, null, 0, width);
	}

}
