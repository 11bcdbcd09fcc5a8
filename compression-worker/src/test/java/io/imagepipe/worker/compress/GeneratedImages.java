package io.imagepipe.worker.compress;

import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.ColorConvertOp;
import java.awt.image.WritableRaster;
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

	/**
	 * A big photo in one of the JPEG variants that used to be tested only small: the
	 * corpus landscape scaled up with a little grain, written progressive, grayscale, or
	 * in Display P3 with its ICC profile embedded.
	 * @param variant {@code progressive}, {@code gray} or {@code display-p3}
	 * @param reference receives the sRGB picture the output must look like, at full size
	 */
	static byte[] hardJpeg(String variant, int width, int height, BufferedImage[] reference) {
		try {
			BufferedImage photo = TestImages.decode(TestImages.corpus("Landscape_1.jpg"));
			BufferedImage big = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
			Graphics2D g = big.createGraphics();
			g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
			g.drawImage(photo, 0, 0, width, height, null);
			g.dispose();
			byte[] samples = ((DataBufferByte) big.getRaster().getDataBuffer()).getData();
			SplittableRandom random = new SplittableRandom(7);
			for (int i = 0; i < samples.length; i++) {
				samples[i] = (byte) Math.clamp((samples[i] & 0xff) + random.nextInt(9) - 4, 0, 255);
			}
			return switch (variant) {
				case "progressive" -> {
					reference[0] = big;
					yield jpeg(big, 0.9f, true);
				}
				case "gray" -> {
					BufferedImage gray = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
					byte[] luma = ((DataBufferByte) gray.getRaster().getDataBuffer()).getData();
					BufferedImage rgb = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
					for (int i = 0; i < luma.length; i++) {
						int y = (299 * (samples[i * 3 + 2] & 0xff) + 587 * (samples[i * 3 + 1] & 0xff)
								+ 114 * (samples[i * 3] & 0xff) + 500) / 1000;
						luma[i] = (byte) y;
						rgb.getRaster().getDataBuffer().setElem(i, (y << 16) | (y << 8) | y);
					}
					reference[0] = rgb;
					yield jpeg(gray, 0.9f, false);
				}
				case "display-p3" -> {
					ICC_Profile p3 = ICC_Profile
						.getInstance(CorpusCase.class.getResourceAsStream("/corpus/DisplayP3.icc"));
					BufferedImage converted = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
					new ColorConvertOp(ColorSpace.getInstance(ColorSpace.CS_sRGB), new ICC_ColorSpace(p3), null)
						.filter(big.getRaster(), converted.getRaster());
					reference[0] = big;
					yield withIccProfile(jpeg(converted, 0.9f, false), p3.getData());
				}
				case "cmyk", "ycck" -> {
					ICC_Profile cmyk = JpegHeaders.read(CorpusCase.shipped("jpeg-ycck-icc.jpg")).profile();
					reference[0] = adobeReference(big, cmyk);
					yield adobeJpeg(big, cmyk, variant.equals("ycck"));
				}
				default -> throw new IllegalArgumentException(variant);
			};
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * An Adobe CMYK or YCCK JPEG, as Photoshop writes them: the picture converted to CMYK
	 * through a CMYK profile (ghostscript's, the one the shipped YCCK case embeds),
	 * stored inverted, with the Adobe APP14 marker and the profile. The JDK's writer
	 * stores the four channels as given; for YCCK they are first turned into Y, Cb, Cr
	 * and K as libjpeg's {@code cmyk_ycck_convert} does.
	 */
	private static byte[] adobeJpeg(BufferedImage rgb, ICC_Profile profile, boolean ycck) throws IOException {
		WritableRaster cmyk = toCmyk(rgb, profile);
		byte[] samples = ((DataBufferByte) cmyk.getDataBuffer()).getData();
		for (int i = 0; i < samples.length; i += 4) {
			if (ycck) {
				// the inverted C, M, Y are libjpeg's R, G, B: 255 - (255 - c) = c
				int r = samples[i] & 0xff;
				int g = samples[i + 1] & 0xff;
				int b = samples[i + 2] & 0xff;
				samples[i] = (byte) Math.clamp(Math.round(0.299 * r + 0.587 * g + 0.114 * b), 0, 255);
				samples[i + 1] = (byte) Math.clamp(Math.round(-0.168736 * r - 0.331264 * g + 0.5 * b + 128), 0, 255);
				samples[i + 2] = (byte) Math.clamp(Math.round(0.5 * r - 0.418688 * g - 0.081312 * b + 128), 0, 255);
				samples[i + 3] = (byte) (255 - (samples[i + 3] & 0xff));
			}
			else {
				for (int k = 0; k < 4; k++) {
					samples[i + k] = (byte) (255 - (samples[i + k] & 0xff));
				}
			}
		}
		ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
		for (java.util.Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg"); writers
			.hasNext();) {
			ImageWriter candidate = writers.next();
			if (candidate.getClass().getName().startsWith("com.sun.")) {
				writer = candidate;
			}
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (MemoryCacheImageOutputStream output = new MemoryCacheImageOutputStream(out)) {
			ImageWriteParam param = writer.getDefaultWriteParam();
			param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
			param.setCompressionQuality(0.9f);
			writer.setOutput(output);
			writer.write(null, new IIOImage(cmyk, null, null), param);
		}
		finally {
			writer.dispose();
		}
		byte[] jpeg = out.toByteArray();
		byte[] adobe = { (byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0,
				(byte) (ycck ? 2 : 0) };
		ByteArrayOutputStream marked = new ByteArrayOutputStream();
		marked.write(jpeg, 0, 2);
		marked.writeBytes(adobe);
		marked.write(jpeg, 2, jpeg.length - 2);
		return withIccProfile(marked.toByteArray(), profile.getData());
	}

	private static WritableRaster toCmyk(BufferedImage rgb, ICC_Profile profile) {
		WritableRaster cmyk = java.awt.image.Raster.createInterleavedRaster(java.awt.image.DataBuffer.TYPE_BYTE,
				rgb.getWidth(), rgb.getHeight(), 4, null);
		new ColorConvertOp(ColorSpace.getInstance(ColorSpace.CS_sRGB), new ICC_ColorSpace(profile), null)
			.filter(rgb.getRaster(), cmyk);
		return cmyk;
	}

	/**
	 * What Java's colour engine makes of the CMYK values in sRGB: the reference of the
	 * CMYK cases, as lcms' conversion is of the shipped YCCK case.
	 */
	private static BufferedImage adobeReference(BufferedImage rgb, ICC_Profile profile) {
		WritableRaster cmyk = toCmyk(rgb, profile);
		BufferedImage back = new BufferedImage(rgb.getWidth(), rgb.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
		new ColorConvertOp(new ICC_ColorSpace(profile), ColorSpace.getInstance(ColorSpace.CS_sRGB), null).filter(cmyk,
				back.getRaster());
		return back;
	}

	/**
	 * A JPEG with an ICC profile after its start marker, in as many APP2 segments as it
	 * needs (at most 65,519 bytes of profile each).
	 */
	private static byte[] withIccProfile(byte[] jpeg, byte[] profile) {
		byte[] id = "ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII);
		int chunk = 65535 - 2 - id.length - 2;
		int count = Math.ceilDiv(profile.length, chunk);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(jpeg, 0, 2);
		for (int i = 0; i < count; i++) {
			int size = Math.min(chunk, profile.length - i * chunk);
			int length = 2 + id.length + 2 + size;
			out.write(0xFF);
			out.write(0xE2);
			out.write(length >> 8);
			out.write(length & 0xff);
			out.writeBytes(id);
			out.write(i + 1);
			out.write(count);
			out.write(profile, i * chunk, size);
		}
		out.write(jpeg, 2, jpeg.length - 2);
		return out.toByteArray();
	}

	static byte[] jpeg(BufferedImage image, float quality) throws IOException {
		return jpeg(image, quality, false);
	}

	static byte[] jpeg(BufferedImage image, float quality, boolean progressive) throws IOException {
		ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (MemoryCacheImageOutputStream output = new MemoryCacheImageOutputStream(out)) {
			ImageWriteParam param = writer.getDefaultWriteParam();
			param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
			param.setCompressionQuality(quality);
			if (progressive) {
				param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
			}
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
