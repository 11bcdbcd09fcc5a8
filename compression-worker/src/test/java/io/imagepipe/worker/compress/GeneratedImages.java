package io.imagepipe.worker.compress;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.SplittableRandom;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import net.coobird.thumbnailator.Thumbnails;

/**
 * Corpus cases made at test time: the big photos, which are too large to ship, and the
 * hostile files, which are clearer as code than as binaries.
 */
final class GeneratedImages {

	private GeneratedImages() {
	}

	/**
	 * A big noisy photo: the corpus landscape scaled up, with grain of about
	 * ±{@code noise} levels in every channel, as a JDK JPEG at quality 0.9.
	 * @param reference receives the source picture resized to the expected output size
	 */
	static byte[] noisyPhoto(int width, int height, int noise, int outWidth, int outHeight, BufferedImage[] reference) {
		try {
			BufferedImage photo = TestImages.decode(TestImages.corpus("Landscape_1.jpg"));
			BufferedImage big = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
			Graphics2D g = big.createGraphics();
			g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
			g.drawImage(photo, 0, 0, width, height, null);
			g.dispose();
			byte[] samples = ((DataBufferByte) big.getRaster().getDataBuffer()).getData();
			SplittableRandom random = new SplittableRandom(42);
			for (int i = 0; i < samples.length; i++) {
				int grain = random.nextInt(2 * noise + 1) - noise;
				samples[i] = (byte) Math.clamp((samples[i] & 0xff) + grain, 0, 255);
			}
			reference[0] = Thumbnails.of(big).forceSize(outWidth, outHeight).asBufferedImage();
			return jpeg(big, 0.9f);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static byte[] jpeg(BufferedImage image, float quality) throws IOException {
		ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (MemoryCacheImageOutputStream output = new MemoryCacheImageOutputStream(out)) {
			ImageWriteParam param = writer.getDefaultWriteParam();
			param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
			param.setCompressionQuality(quality);
			writer.setOutput(output);
			writer.write(null, new IIOImage(image, null, null), param);
		}
		finally {
			writer.dispose();
		}
		return out.toByteArray();
	}

	/**
	 * A JPEG that is also an HTML page: a script in a comment segment and another after
	 * the end of the image. Browsers sniffing it as HTML would run them.
	 */
	static byte[] jpegHtmlPolyglot(byte[] jpeg) {
		byte[] html = "<html><script>alert('polyglot')</script></html>".getBytes(StandardCharsets.US_ASCII);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(jpeg, 0, 2);
		out.write(0xFF);
		out.write(0xFE);
		out.write((html.length + 2) >> 8);
		out.write((html.length + 2) & 0xff);
		out.writeBytes(html);
		out.write(jpeg, 2, jpeg.length - 2);
		out.writeBytes(html);
		return out.toByteArray();
	}

	/**
	 * A valid one-pixel GIF whose logical screen and frame declare other sizes: a
	 * decompression bomb's headers.
	 */
	static byte[] gifClaiming(int screenWidth, int screenHeight, int frameWidth, int frameHeight) {
		byte[] gif = HexFormat.of()
			.parseHex("474946383961" + "01000100" + "800000" + "ffffff000000" + "21f90401000000" + "00"
					+ "2c0000000001000100" + "00" + "02024401" + "00" + "3b");
		putShort(gif, 6, screenWidth);
		putShort(gif, 8, screenHeight);
		putShort(gif, 32, frameWidth);
		putShort(gif, 34, frameHeight);
		return gif;
	}

	private static void putShort(byte[] bytes, int offset, int value) {
		bytes[offset] = (byte) value;
		bytes[offset + 1] = (byte) (value >> 8);
	}

	static byte[] text(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	static final String PDF = "%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n";

	static final String SVG = "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"64\" "
			+ "height=\"64\"><script>alert(1)</script><circle cx=\"32\" cy=\"32\" r=\"30\"/></svg>\n";

	static final String HTML = "<!DOCTYPE html><html><body><img src=x onerror=alert(1)></body></html>\n";

}
