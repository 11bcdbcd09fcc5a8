package io.imagepipe.e2e.browser;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import io.imagepipe.e2e.ServiceProcesses;

/**
 * The files a user picks in the browser tests, written to a temporary folder: photos from
 * the shared corpus, a phone-sized photo of about 2 MB, generated logos, and a text file
 * named like a PNG.
 */
final class TestFiles {

	private final Path folder;

	private TestFiles(Path folder) {
		this.folder = folder;
	}

	static TestFiles create() {
		try {
			return new TestFiles(Files.createTempDirectory("imagepipe-browser-files-"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A photo of the shared corpus.
	 * @param name such as {@code Landscape_1}
	 * @return its path
	 */
	static Path corpusPhoto(String name) {
		return Path.of(ServiceProcesses.requiredProperty("e2e.corpus"), "exif-orientation", name + ".jpg");
	}

	/**
	 * A 3600 × 2400 JPEG of about 2 MB, as a phone takes: a corpus photo scaled up, with
	 * sensor-like grain.
	 * @return its path
	 */
	Path phonePhoto() {
		return write("phone-photo.jpg", () -> {
			BufferedImage source = ImageIO.read(corpusPhoto("Landscape_1").toFile());
			BufferedImage photo = new BufferedImage(3600, 2400, BufferedImage.TYPE_INT_RGB);
			Graphics2D g = photo.createGraphics();
			g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
			g.drawImage(source, 0, 0, 3600, 2400, null);
			g.dispose();
			Random grain = new Random(6);
			for (int y = 0; y < photo.getHeight(); y++) {
				for (int x = 0; x < photo.getWidth(); x++) {
					int noise = grain.nextInt(9) - 4;
					int rgb = photo.getRGB(x, y);
					photo.setRGB(x, y, (clamp((rgb >> 16 & 0xff) + noise) << 16)
							| (clamp((rgb >> 8 & 0xff) + noise) << 8) | clamp((rgb & 0xff) + noise));
				}
			}
			return jpeg(photo, 0.8f);
		});
	}

	/**
	 * A logo: a coloured badge with a word, on a transparent background.
	 * @param word the word
	 * @param colour the badge colour
	 * @return its path
	 */
	Path logo(String word, Color colour) {
		return write("logo-" + word + ".png", () -> {
			BufferedImage logo = new BufferedImage(720, 288, BufferedImage.TYPE_INT_ARGB);
			Graphics2D g = logo.createGraphics();
			g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
			g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
			g.setColor(colour);
			g.fillRoundRect(8, 8, 272, 272, 72, 72);
			g.setColor(Color.WHITE);
			g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 190));
			g.drawString(word.substring(0, 1), 80, 210);
			g.setColor(colour.darker());
			g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 104));
			g.drawString(word.substring(1), 300, 186);
			g.dispose();
			return png(logo);
		});
	}

	/**
	 * A corpus photo cut off after 40 % of its bytes, as an interrupted copy leaves it:
	 * its header passes ingest-api's checks, and the worker cannot decode it.
	 * @return its path
	 */
	Path truncatedPhoto() {
		return write("cut-off.jpg", () -> {
			byte[] photo = Files.readAllBytes(corpusPhoto("Landscape_2"));
			return Arrays.copyOf(photo, photo.length * 2 / 5);
		});
	}

	/**
	 * A text file named like a PNG: the browser calls it {@code image/png}, so it passes
	 * the component's own checks, and only the server finds out.
	 * @return its path
	 */
	Path textNamedPng() {
		return write("notes.png", () -> "Shopping list: milk, eggs.\n".getBytes(StandardCharsets.UTF_8));
	}

	private Path write(String name, Content content) {
		Path file = this.folder.resolve(name);
		try {
			if (!Files.exists(file)) {
				Files.write(file, content.bytes());
			}
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static byte[] jpeg(BufferedImage image, float quality) throws IOException {
		ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
			writer.setOutput(out);
			ImageWriteParam param = writer.getDefaultWriteParam();
			param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
			param.setCompressionQuality(quality);
			writer.write(null, new IIOImage(image, null, null), param);
		}
		finally {
			writer.dispose();
		}
		return bytes.toByteArray();
	}

	private static byte[] png(BufferedImage image) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		ImageIO.write(image, "png", bytes);
		return bytes.toByteArray();
	}

	private static int clamp(int value) {
		return Math.max(0, Math.min(255, value));
	}

	@FunctionalInterface
	private interface Content {

		byte[] bytes() throws IOException;

	}

}
