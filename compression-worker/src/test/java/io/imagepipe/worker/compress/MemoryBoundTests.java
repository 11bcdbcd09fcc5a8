package io.imagepipe.worker.compress;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferUShort;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worst cases for memory, a 50 MP progressive JPEG and a 50 MP 16-bit PNG (neither
 * decodable scaled by libjpeg-turbo alone: the JPEG's coefficients are kept whole, the
 * PNG goes through ImageIO), compressed two at once in a JVM started with the worker's
 * JVM options, {@code infra/jvm/compression-worker.options}: no out-of-memory, the
 * process stays within 512 MiB of RSS, and the heap those options give holds two jobs at
 * a time (the worker's concurrency is the heap divided by {@code heap-per-job}).
 */
class MemoryBoundTests {

	private static final Path OPTIONS = Path.of("..", "infra", "jvm", "compression-worker.options");

	private static final long RSS_LIMIT_KB = 512 * 1024;

	@TempDir
	Path folder;

	@Test
	void fiftyMegapixelProgressiveJpegAndSixteenBitPngTwoAtOnceFitTheWorkerDefaults() throws Exception {
		Path jpeg = this.folder.resolve("progressive-50mp.jpg");
		BufferedImage[] reference = new BufferedImage[1];
		Files.write(jpeg, GeneratedImages.hardJpeg("progressive", 8660, 5773, reference));
		reference[0] = null;
		Path png = this.folder.resolve("rgb16-50mp.png");
		Files.write(png, TestImages.encode(tiles16(8660, 5773), "png"));
		assertThat(Files.size(png)).as("a PNG within the 20 MB upload limit").isLessThan(20_000_000);

		for (List<Path> pair : List.of(List.of(jpeg, png), List.of(jpeg, jpeg), List.of(png, png))) {
			String output = run(pair);
			assertThat(output).doesNotContain("OutOfMemoryError", "NotEnoughMemory")
				.contains("decode path libjpeg-turbo");
			assertThat(output.lines().filter((line) -> line.startsWith("compressed ")).count()).isEqualTo(2);
			Matcher peak = Pattern.compile("VmHWM:\\s+(\\d+) kB").matcher(output);
			assertThat(peak.find()).as("peak RSS reported").isTrue();
			long kilobytes = Long.parseLong(peak.group(1));
			System.out.printf("%s: peak RSS %d MiB%n", pair.stream().map(Path::getFileName).toList(), kilobytes / 1024);
			assertThat(kilobytes).as("peak RSS in kB of " + pair).isLessThanOrEqualTo(RSS_LIMIT_KB);
			Matcher heap = Pattern.compile("max heap (\\d+)").matcher(output);
			assertThat(heap.find()).as("max heap reported").isTrue();
			assertThat(Long.parseLong(heap.group(1)) / heapPerJob())
				.as("jobs at a time within the heap the collector reports (heap / heap-per-job)")
				.isGreaterThanOrEqualTo(2);
		}
	}

	/** The options file's {@code imagepipe.messaging.heap-per-job}, in bytes. */
	private static long heapPerJob() throws IOException {
		Matcher setting = Pattern.compile("-Dimagepipe\\.messaging\\.heap-per-job=(\\d+)MB")
			.matcher(Files.readString(OPTIONS));
		assertThat(setting.find()).as("heap-per-job in MB in " + OPTIONS).isTrue();
		return Long.parseLong(setting.group(1)) * 1024 * 1024;
	}

	private String run(List<Path> files) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
						"@" + OPTIONS.toAbsolutePath(), "--enable-native-access=ALL-UNNAMED", "-cp",
						System.getProperty("java.class.path"), WorstCases.class.getName()));
		files.forEach((file) -> command.add(file.toString()));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		byte[] output = process.getInputStream().readAllBytes();
		assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
		String text = new String(output, StandardCharsets.UTF_8);
		assertThat(process.exitValue()).as(text).isZero();
		return text;
	}

	/**
	 * A 16-bit RGB picture of flat tiles: large in pixels, small as a PNG (an upload must
	 * be at most 20 MB).
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

}
