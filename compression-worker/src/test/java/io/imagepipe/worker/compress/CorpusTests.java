package io.imagepipe.worker.compress;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.imagepipe.worker.compress.CorpusCase.Kind;
import net.coobird.thumbnailator.Thumbnails;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static io.imagepipe.worker.compress.CorpusCase.decodeCorpus;
import static io.imagepipe.worker.compress.CorpusCase.decodeShipped;
import static io.imagepipe.worker.compress.CorpusCase.shipped;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Every kind of real-world input becomes a correct, upright, metadata-free WebP within
 * the budget, with the profile slot's renditions. Small cases are shipped in
 * {@code src/test/resources/corpus} (see its README), the EXIF orientation photos come
 * from the shared corpus, and the big photos are generated. The results are written to
 * {@code target/corpus-results.md}, the table in {@code docs/corpus-results.md}.
 */
class CorpusTests {

	static final int BUDGET = 500 * 1024;

	static final SlotPreset PROFILE = new SlotPreset(1024, 1024, SlotPreset.Fit.INSIDE, List.of(64, 128, 256));

	private static final Map<DecodePath, ImageCompressor> compressors = new EnumMap<>(DecodePath.class);

	private static final List<String> rows = Collections.synchronizedList(new ArrayList<>());

	static Stream<Arguments> cases() {
		return Stream.of(DecodePath.values())
			.flatMap((path) -> corpusCases().map((corpusCase) -> Arguments.of(path, corpusCase)));
	}

	static Stream<CorpusCase> corpusCases() {
		List<CorpusCase> cases = new ArrayList<>();
		own(cases, "jpeg-baseline.jpg", 640, 427, false, Kind.PHOTO);
		own(cases, "jpeg-progressive.jpg", 640, 427, false, Kind.PHOTO);
		cases.add(new CorpusCase("jpeg-grayscale.jpg", () -> shipped("jpeg-grayscale.jpg"), 640, 427, false,
				Kind.GRAY_PHOTO, CorpusTests::photo));
		cases.add(new CorpusCase("jpeg-ycck-icc.jpg", () -> shipped("jpeg-ycck-icc.jpg"), 400, 267, false, Kind.PHOTO,
				() -> decodeShipped("reference-ycck-icc-srgb.jpg")));
		photo(cases, "jpeg-adobe-rgb.jpg", 640, 427);
		photo(cases, "jpeg-display-p3.jpg", 640, 427);
		own(cases, "jpeg-exif-thumbnail.jpg", 640, 427, false, Kind.PHOTO);
		cases.add(new CorpusCase("jpeg-html-polyglot",
				() -> GeneratedImages.jpegHtmlPolyglot(shipped("jpeg-baseline.jpg")), 640, 427, false, Kind.PHOTO,
				CorpusTests::photo));
		for (int orientation = 1; orientation <= 8; orientation++) {
			int n = orientation;
			String landscape = "Landscape_" + n + ".jpg";
			String portrait = "Portrait_" + n + ".jpg";
			cases.add(new CorpusCase(landscape, () -> corpus(landscape), 1024, 683, false, Kind.PHOTO,
					() -> Orientations.upright(decodeCorpus(landscape), n)));
			cases.add(new CorpusCase(portrait, () -> corpus(portrait), 683, 1024, false, Kind.PHOTO,
					() -> Orientations.upright(decodeCorpus(portrait), n)));
		}
		big(cases, "photo-12mp-noisy (generated 4256×2832)", 4256, 2832, 1024, 681);
		big(cases, "photo-50mp-noisy (generated 8640×5760)", 8640, 5760, 1024, 683);
		hard(cases, "jpeg-progressive-24mp (generated 6000×4000)", "progressive", 6000, 4000, Kind.PHOTO);
		hard(cases, "jpeg-grayscale-12mp (generated 4500×3000)", "gray", 4500, 3000, Kind.GRAY_PHOTO);
		hard(cases, "jpeg-display-p3-12mp (generated 4500×3000)", "display-p3", 4500, 3000, Kind.PHOTO);
		hard(cases, "jpeg-cmyk-icc-12mp (generated 4500×3000)", "cmyk", 4500, 3000, Kind.PHOTO);
		hard(cases, "jpeg-ycck-icc-12mp (generated 4500×3000)", "ycck", 4500, 3000, Kind.PHOTO);
		own(cases, "png-rgb-8bit.png", 240, 160, false, Kind.PHOTO);
		own(cases, "png-rgb-16bit.png", 240, 160, false, Kind.PHOTO);
		own(cases, "png-rgba-16bit.png", 240, 160, true, Kind.PHOTO);
		cases.add(new CorpusCase("png-gray.png", () -> shipped("png-gray.png"), 240, 160, false, Kind.GRAY_PHOTO,
				CorpusTests::photo));
		cases.add(new CorpusCase("png-gray-alpha.png", () -> shipped("png-gray-alpha.png"), 360, 240, true,
				Kind.GRAY_PHOTO, () -> decodeShipped("png-rgba-logo.png")));
		for (String logo : List.of("png-rgba-logo.png", "png-palette-transparent.png", "png-interlaced.png",
				"gif-static-transparent.gif", "webp-lossless-alpha.webp", "webp-lossy-alpha.webp")) {
			own(cases, logo, 360, 240, true, Kind.GRAPHIC);
		}
		own(cases, "webp-lossy.webp", 640, 427, false, Kind.PHOTO);
		for (String animation : List.of("gif-animated.gif", "webp-animated.webp")) {
			cases.add(new CorpusCase(animation, () -> shipped(animation), 200, 200, false, Kind.FLAT, null));
		}
		return cases.stream();
	}

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("cases")
	void everyInputBecomesACorrectUprightMetadataFreeWebPWithinTheBudget(DecodePath path, CorpusCase corpusCase)
			throws IOException {
		byte[] source = corpusCase.source().get();
		ImageCompressor compressor = compressors.computeIfAbsent(path, DecodePath::compressor);
		CompressedImage result = compressor.compress(source, PROFILE);
		BufferedImage output = TestImages.decode(result.bytes());

		assertThat(output.getWidth()).as("width").isEqualTo(corpusCase.width());
		assertThat(output.getHeight()).as("height").isEqualTo(corpusCase.height());
		assertThat(result.bytes().length).as("bytes").isLessThanOrEqualTo(BUDGET);
		assertMetadataFree(result.bytes());
		assertThat(output.getColorModel().hasAlpha()).as("alpha channel").isEqualTo(corpusCase.alpha());
		if (corpusCase.alpha()) {
			assertThat(output.getRGB(0, 0) >>> 24).as("transparent corner").isZero();
		}
		assertThat(new String(result.bytes(), StandardCharsets.ISO_8859_1)).doesNotContain("<script");
		Quality quality = quality(corpusCase, output);
		if (corpusCase.name().matches("(Landscape|Portrait)_\\d\\.jpg")) {
			BufferedImage upright = decodeCorpus(corpusCase.name().replaceAll("_\\d", "_1"));
			assertThat(TestImages.difference(output, upright)).as("looks like the upright original").isLessThan(8.0);
		}
		assertRenditions(result);
		rows.add(CorpusReport.row(corpusCase.name(), path.toString(), source, result, quality.ssim(),
				quality.colourDifference()));
	}

	private static Quality quality(CorpusCase corpusCase, BufferedImage output) throws IOException {
		if (corpusCase.kind() == Kind.FLAT) {
			assertThat(TestImages.difference(output, flat(output, 0xffd02020))).as("first frame, red").isLessThan(3.0);
			return new Quality(Double.NaN, Double.NaN);
		}
		BufferedImage reference = resized(corpusCase.reference().get(), output.getWidth(), output.getHeight());
		double ssim = Ssim.of(output, reference);
		assertThat(ssim).as("SSIM against the resized source").isGreaterThanOrEqualTo(0.95);
		double colour = TestImages.difference(output, reference);
		boolean managed = corpusCase.name().matches("jpeg-(ycck-icc|adobe-rgb|display-p3)\\.jpg");
		if (corpusCase.kind() == Kind.PHOTO || corpusCase.kind() == Kind.GRAPHIC) {
			assertThat(colour).as("mean colour difference, 0–255").isLessThan(managed ? 8.0 : 6.0);
		}
		if (managed) {
			BufferedImage unmanaged = resized(
					TestImages.decode(TestImages.withoutIccProfile(corpusCase.source().get())), output.getWidth(),
					output.getHeight());
			double naive = TestImages.difference(unmanaged, reference);
			System.out.printf("%s: colour difference %.2f, without colour management %.2f%n", corpusCase.name(), colour,
					naive);
			assertThat(colour).as("closer to the sRGB original than an unmanaged decode").isLessThan(naive - 0.25);
		}
		return new Quality(ssim, colour);
	}

	private static void assertMetadataFree(byte[] webp) {
		List<String> chunks = WebPChunks.of(webp);
		assertThat(chunks).as("RIFF chunks").doesNotContain("EXIF", "XMP ", "ICCP", "ANIM", "ANMF");
		assertThat(chunks.get(chunks.size() - 1)).as("image data").isIn("VP8 ", "VP8L");
		assertThat(WebPChunks.extendedFlags(webp) & WebPChunks.METADATA_OR_ANIMATION_FLAGS).as("VP8X flags").isZero();
	}

	private static void assertRenditions(CompressedImage result) throws IOException {
		List<Integer> expected = PROFILE.renditions().stream().filter((w) -> w < result.width()).toList();
		assertThat(result.renditions()).extracting(Rendition::width).as("rendition widths").isEqualTo(expected);
		for (Rendition rendition : result.renditions()) {
			BufferedImage image = TestImages.decode(rendition.bytes());
			assertThat(image.getWidth()).isEqualTo(rendition.width());
			assertThat((double) image.getHeight())
				.isCloseTo((double) result.height() * rendition.width() / result.width(), within(1.0));
			assertMetadataFree(rendition.bytes());
		}
	}

	@AfterAll
	static void writeTable() throws IOException {
		CorpusReport.writeResults(rows);
	}

	/**
	 * A case whose reference is its own decode, resized: the source needs no colour
	 * management.
	 */
	private static void own(List<CorpusCase> cases, String file, int width, int height, boolean alpha, Kind kind) {
		cases.add(new CorpusCase(file, () -> shipped(file), width, height, alpha, kind, () -> decodeShipped(file)));
	}

	/**
	 * A case made from the sRGB photo through a colour profile: the photo is its
	 * reference.
	 */
	private static void photo(List<CorpusCase> cases, String file, int width, int height) {
		cases.add(new CorpusCase(file, () -> shipped(file), width, height, false, Kind.PHOTO, CorpusTests::photo));
	}

	private static void big(List<CorpusCase> cases, String name, int width, int height, int outWidth, int outHeight) {
		cases.add(new CorpusCase(name, () -> bigPhoto(name, width, height, outWidth, outHeight).jpeg(), outWidth,
				outHeight, false, Kind.PHOTO, () -> bigPhoto(name, width, height, outWidth, outHeight).reference()));
	}

	/**
	 * A big JPEG of a kind the shipped corpus has only small (progressive, grayscale, an
	 * ICC profile), so that the scaled decode and the fallback are tested at full size.
	 */
	private static void hard(List<CorpusCase> cases, String name, String variant, int width, int height, Kind kind) {
		cases.add(new CorpusCase(name, () -> hardJpeg(name, variant, width, height).jpeg(), 1024, 683, false, kind,
				() -> hardJpeg(name, variant, width, height).reference()));
	}

	private static BigPhoto hardJpeg(String name, String variant, int width, int height) {
		return bigPhotos.computeIfAbsent(name, (key) -> {
			BufferedImage[] reference = new BufferedImage[1];
			byte[] jpeg = GeneratedImages.hardJpeg(variant, width, height, reference);
			return new BigPhoto(jpeg, resized(reference[0], 1024, 683));
		});
	}

	/** The big photos, made once for both decode paths. */
	private static final Map<String, BigPhoto> bigPhotos = new java.util.concurrent.ConcurrentHashMap<>();

	private static BigPhoto bigPhoto(String name, int width, int height, int outWidth, int outHeight) {
		return bigPhotos.computeIfAbsent(name, (key) -> {
			BufferedImage[] reference = new BufferedImage[1];
			byte[] jpeg = GeneratedImages.noisyPhoto(width, height, 12, outWidth, outHeight, reference);
			return new BigPhoto(jpeg, reference[0]);
		});
	}

	private record BigPhoto(byte[] jpeg, BufferedImage reference) {
	}

	/** The sRGB photo the shipped photo cases were made from. */
	private static BufferedImage photo() {
		return decodeShipped("jpeg-baseline.jpg");
	}

	private static byte[] corpus(String name) {
		try {
			return TestImages.corpus(name);
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	static BufferedImage resized(BufferedImage image, int width, int height) {
		if (image.getWidth() == width && image.getHeight() == height) {
			return image;
		}
		try {
			return Thumbnails.of(image).forceSize(width, height).asBufferedImage();
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private static BufferedImage flat(BufferedImage like, int argb) {
		BufferedImage image = new BufferedImage(like.getWidth(), like.getHeight(), BufferedImage.TYPE_INT_ARGB);
		for (int y = 0; y < image.getHeight(); y++) {
			for (int x = 0; x < image.getWidth(); x++) {
				image.setRGB(x, y, argb);
			}
		}
		return image;
	}

	private record Quality(double ssim, double colourDifference) {
	}

}
