package io.imagepipe.worker.compress;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.util.unit.DataSize;

import static io.imagepipe.worker.compress.CorpusCase.shipped;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Files that must never become an image fail with a reason a person can act on, and
 * nothing else: no other exception, no crash. At ingest, most of them are already refused
 * from the header (see ingest-api's tests); these are the worker's second line.
 */
class BadFileTests {

	private static final Map<DecodePath, ImageCompressor> compressors = new EnumMap<>(DecodePath.class);

	private static final List<String> rows = new ArrayList<>();

	static Stream<Arguments> cases() {
		return Stream.of(DecodePath.values())
			.flatMap((path) -> badFiles().map((badFile) -> Arguments.of(path, badFile)));
	}

	static Stream<BadFile> badFiles() {
		return Stream.of(new BadFile("empty file", () -> new byte[0], "The file is empty."),
				new BadFile("JPEG truncated to 40 %", () -> cut("jpeg-baseline.jpg", 0.4), "truncated or corrupt"),
				new BadFile("progressive JPEG truncated to 40 %", () -> cut("jpeg-progressive.jpg", 0.4),
						"truncated or corrupt"),
				new BadFile("PNG truncated to half", () -> cut("png-rgb-8bit.png", 0.5), "corrupt or truncated"),
				new BadFile("GIF truncated to half", () -> cut("gif-static-transparent.gif", 0.5),
						"corrupt or truncated"),
				new BadFile("WebP truncated to half", () -> cut("webp-lossy.webp", 0.5), "corrupt or truncated"),
				new BadFile("PNG with a wrong magic byte", BadFileTests::wrongMagic, "not a JPEG, PNG, GIF or WebP"),
				new BadFile("plain text named photo.jpg", () -> GeneratedImages.text("just some notes\n"),
						"not a JPEG, PNG, GIF or WebP"),
				new BadFile("HTML named photo.png", () -> GeneratedImages.text(GeneratedImages.HTML),
						"not a JPEG, PNG, GIF or WebP"),
				new BadFile("SVG with a script", () -> GeneratedImages.text(GeneratedImages.SVG),
						"not a JPEG, PNG, GIF or WebP"),
				new BadFile("PDF named logo.png", () -> GeneratedImages.text(GeneratedImages.PDF),
						"not a JPEG, PNG, GIF or WebP"),
				new BadFile("BMP, a format not accepted", BadFileTests::bmp, "image/bmp, not a JPEG, PNG, GIF or WebP"),
				new BadFile("PNG declaring 50 000 × 50 000", () -> pngBomb(), "50000 × 50000 pixels"),
				new BadFile("JPEG declaring 50 000 × 50 000", () -> jpegClaiming(50_000, 50_000),
						"50000 × 50000 pixels"),
				new BadFile("GIF declaring 50 000 × 50 000",
						() -> GeneratedImages.gifClaiming(50_000, 50_000, 50_000, 50_000), "50000 × 50000 pixels"),
				new BadFile("GIF with a 1 px frame on a 50 000 × 50 000 screen",
						() -> GeneratedImages.gifClaiming(50_000, 50_000, 1, 1), "50000 × 50000 pixels"));
	}

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("cases")
	void badFilesFailWithAReasonAPersonCanActOn(DecodePath path, BadFile badFile) {
		byte[] bytes = badFile.bytes().get();
		ImageCompressor compressor = compressors.computeIfAbsent(path, DecodePath::compressor);
		Throwable thrown = catchThrowable(() -> compressor.compress(bytes, CorpusTests.PROFILE));
		assertThat(thrown).isInstanceOf(UnprocessableImage.class).hasMessageContaining(badFile.reason());
		assertThat(thrown.getMessage()).doesNotContain("Exception", "null");
		rows.add("| " + badFile.name() + " | " + path + " | " + CorpusReport.kilobytes(bytes.length) + " | failed: "
				+ thrown.getMessage() + " |");
	}

	@ParameterizedTest
	@EnumSource(DecodePath.class)
	void animationWithMoreFramesThanTheLimitFailsBeforeDecoding(DecodePath path) {
		CompressionProperties twoFrames = new CompressionProperties(DataSize.ofKilobytes(500), 0.82f, 0.40f, 4, 4,
				50_000_000L, 2);
		ImageCompressor limited = path.compressor(twoFrames);
		for (String animation : List.of("gif-animated.gif", "webp-animated.webp")) {
			Throwable thrown = catchThrowable(() -> limited.compress(shipped(animation), CorpusTests.PROFILE));
			assertThat(thrown).isInstanceOf(UnprocessableImage.class)
				.hasMessage("The animation has 3 frames; at most 2 are processed.");
			rows.add("| " + animation + " with the frame limit set to 2 | " + path + " | " + shipped(animation).length
					+ " B | failed: " + thrown.getMessage() + " |");
		}
	}

	@AfterAll
	static void writeTable() throws IOException {
		CorpusReport.writeFailures(rows);
	}

	private static byte[] cut(String file, double fraction) {
		byte[] bytes = shipped(file);
		return Arrays.copyOf(bytes, (int) (bytes.length * fraction));
	}

	private static byte[] wrongMagic() {
		byte[] png = shipped("png-rgba-logo.png").clone();
		png[1] = 'X';
		return png;
	}

	private static byte[] bmp() {
		try {
			return TestImages.encode(new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB), "bmp");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The corpus JPEG with its frame header claiming other dimensions: a decompression
	 * bomb's header.
	 */
	private static byte[] jpegClaiming(int width, int height) {
		byte[] jpeg = shipped("jpeg-baseline.jpg").clone();
		int offset = 2;
		while ((jpeg[offset + 1] & 0xff) != 0xC0 && (jpeg[offset + 1] & 0xff) != 0xC2) {
			offset += 2 + (((jpeg[offset + 2] & 0xff) << 8) | (jpeg[offset + 3] & 0xff));
		}
		jpeg[offset + 5] = (byte) (height >> 8);
		jpeg[offset + 6] = (byte) height;
		jpeg[offset + 7] = (byte) (width >> 8);
		jpeg[offset + 8] = (byte) width;
		return jpeg;
	}

	private static byte[] pngBomb() {
		try {
			return TestImages.pngClaiming(50_000, 50_000);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	record BadFile(String name, Supplier<byte[]> bytes, String reason) {

		@Override
		public String toString() {
			return this.name;
		}

	}

}
