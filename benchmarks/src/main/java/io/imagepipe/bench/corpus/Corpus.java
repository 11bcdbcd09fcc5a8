package io.imagepipe.bench.corpus;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferUShort;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.SplittableRandom;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.FileImageOutputStream;

/**
 * Photos made deterministically (the same bytes on every run with the same JDK) and kept
 * in a folder, so that later runs reuse them: a real photo of the project's corpus
 * ({@code test-images/exif-orientation}, 1800 × 1200) scaled up to the size asked, with
 * sensor-like grain so that it costs what a camera's photo costs to decode, saved as a
 * JPEG at quality 0.9 or as a PNG. Without the corpus, a drawn picture takes its place.
 */
public final class Corpus {

	private final Path folder;

	private final Path photos;

	/**
	 * @param folder where the generated files go
	 * @param photos the folder of the project's EXIF corpus, the base of every photo
	 */
	public Corpus(Path folder, Path photos) {
		this.folder = folder;
		this.photos = photos;
	}

	/**
	 * The photo corpus of figure 2: JPEGs of 9 to 24 megapixels, landscape and portrait,
	 * and large PNGs.
	 * @return the photos
	 */
	public static List<Spec> photoCorpus() {
		return List.of(Spec.jpeg(3672, 2448), Spec.jpeg(4240, 2832), Spec.jpeg(2832, 4240), Spec.jpeg(4896, 3264),
				Spec.jpeg(5472, 3648), Spec.jpeg(6000, 4000), Spec.jpeg(4000, 6000), Spec.png(3672, 2448),
				Spec.png(2832, 4240), Spec.png(4896, 3264));
	}

	/**
	 * The file of a photo, generated when it is not there yet.
	 * @param spec the photo
	 * @return its file
	 */
	public Path file(Spec spec) {
		Path file = this.folder.resolve(spec.fileName());
		if (Files.isRegularFile(file)) {
			return file;
		}
		try {
			Files.createDirectories(this.folder);
			Path partial = this.folder.resolve(spec.fileName() + ".partial");
			write(picture(spec), spec, partial);
			Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot generate " + file, ex);
		}
	}

	/**
	 * The bytes of a photo.
	 * @param spec the photo
	 * @return its bytes
	 */
	public byte[] bytes(Spec spec) {
		try {
			return Files.readAllBytes(file(spec));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private BufferedImage picture(Spec spec) throws IOException {
		if (spec.format().equals("png16")) {
			return tiles16(spec.width(), spec.height());
		}
		BufferedImage base = base(spec.width() >= spec.height() ? "Landscape_1.jpg" : "Portrait_1.jpg");
		BufferedImage big = new BufferedImage(spec.width(), spec.height(), BufferedImage.TYPE_3BYTE_BGR);
		Graphics2D g = big.createGraphics();
		try {
			g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
			if (base != null) {
				g.drawImage(base, 0, 0, spec.width(), spec.height(), null);
			}
			else {
				drawn(g, spec.width(), spec.height());
			}
		}
		finally {
			g.dispose();
		}
		byte[] samples = ((DataBufferByte) big.getRaster().getDataBuffer()).getData();
		SplittableRandom random = new SplittableRandom(spec.width() * 31L + spec.height());
		int grain = spec.grain();
		for (int i = 0; i < samples.length; i++) {
			int noise = random.nextInt(2 * grain + 1) - grain;
			samples[i] = (byte) Math.clamp((samples[i] & 0xff) + noise, 0, 255);
		}
		return big;
	}

	private BufferedImage base(String name) throws IOException {
		Path file = this.photos.resolve(name);
		return Files.isRegularFile(file) ? ImageIO.read(file.toFile()) : null;
	}

	private static void drawn(Graphics2D g, int width, int height) {
		g.setPaint(new GradientPaint(0, 0, new Color(70, 120, 190), width, height, new Color(230, 180, 90)));
		g.fillRect(0, 0, width, height);
		SplittableRandom random = new SplittableRandom(7);
		for (int i = 0; i < 400; i++) {
			g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256), 90));
			int size = random.nextInt(Math.max(2, width / 6));
			g.fillOval(random.nextInt(width), random.nextInt(height), size, size);
		}
	}

	/**
	 * A 16-bit RGB picture of flat tiles: large in pixels, small as a PNG (an upload is
	 * at most 20 MB), and decoded by ImageIO at its full size and depth.
	 */
	private static BufferedImage tiles16(int width, int height) {
		ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
				Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
		WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_USHORT, width, height, 3, null);
		short[] samples = ((DataBufferUShort) raster.getDataBuffer()).getData();
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				int i = (y * width + x) * 3;
				samples[i] = (short) ((x / 512) * 4111);
				samples[i + 1] = (short) ((y / 512) * 5957);
				samples[i + 2] = (short) (((x / 512 + y / 512) % 7) * 9362);
			}
		}
		return new BufferedImage(model, raster, false, null);
	}

	private static void write(BufferedImage image, Spec spec, Path file) throws IOException {
		if (spec.format().startsWith("png")) {
			ImageIO.write(image, "png", file.toFile());
			return;
		}
		ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
		try (FileImageOutputStream output = new FileImageOutputStream(file.toFile())) {
			ImageWriteParam param = writer.getDefaultWriteParam();
			param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
			param.setCompressionQuality(0.9f);
			if (spec.format().equals("pjpg")) {
				param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
			}
			writer.setOutput(output);
			writer.write(null, new IIOImage(image, null, null), param);
		}
		finally {
			writer.dispose();
		}
	}

	/**
	 * One photo.
	 *
	 * @param format {@code jpg}, {@code pjpg} (a progressive JPEG), {@code png} or
	 * {@code png16} (a 16-bit PNG of flat tiles, without grain)
	 * @param width its width
	 * @param height its height
	 * @param grain the grain, ± levels in every channel
	 */
	public record Spec(String format, int width, int height, int grain) {

		/**
		 * A JPEG with the grain of a camera photo (±12 levels), which makes it about as
		 * large as a camera's: 24 MP in about 6.5 MB.
		 * @param width its width
		 * @param height its height
		 * @return the spec
		 */
		public static Spec jpeg(int width, int height) {
			return new Spec("jpg", width, height, 12);
		}

		/**
		 * A PNG of a photo, with lighter grain (±3 levels), as an exported photo has.
		 * @param width its width
		 * @param height its height
		 * @return the spec
		 */
		public static Spec png(int width, int height) {
			return new Spec("png", width, height, 3);
		}

		/**
		 * A progressive JPEG with a camera photo's grain: libjpeg keeps all of its
		 * coefficients whatever the output scale.
		 * @param width its width
		 * @param height its height
		 * @return the spec
		 */
		public static Spec progressiveJpeg(int width, int height) {
			return new Spec("pjpg", width, height, 12);
		}

		/**
		 * A 16-bit PNG, decoded at full size and depth.
		 * @param width its width
		 * @param height its height
		 * @return the spec
		 */
		public static Spec png16(int width, int height) {
			return new Spec("png16", width, height, 0);
		}

		public String fileName() {
			String extension = switch (this.format) {
				case "pjpg" -> "progressive.jpg";
				case "png16" -> "16bit.png";
				default -> this.format;
			};
			return "photo-" + this.width + "x" + this.height + "-g" + this.grain + "." + extension;
		}

		public double megapixels() {
			return this.width * (double) this.height / 1e6;
		}

		@Override
		public String toString() {
			String kind = switch (this.format) {
				case "jpg" -> "JPEG";
				case "pjpg" -> "progressive JPEG";
				case "png16" -> "16-bit PNG";
				default -> "PNG";
			};
			return String.format("%s %d×%d (%.0f MP)", kind, this.width, this.height, megapixels());
		}

	}

}
