package io.imagepipe.worker.compress;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The compressor's guarantees, on both decode paths.
 */
class ImageCompressorTests {

	@Nested
	class LibjpegTurbo extends Cases {

		LibjpegTurbo() {
			super(DecodePath.LIBJPEG_TURBO);
		}

	}

	@Nested
	class ImageIo extends Cases {

		ImageIo() {
			super(DecodePath.IMAGEIO);
		}

	}

	abstract static class Cases {

		private static final int BUDGET = 500 * 1024;

		private static final SlotPreset PROFILE = SlotPreset.of(1024, 1024, SlotPreset.Fit.INSIDE);

		private final DecodePath path;

		private final ImageCompressor compressor;

		Cases(DecodePath path) {
			this.path = path;
			this.compressor = path.compressor();
		}

		@ParameterizedTest
		@ValueSource(ints = { 2, 3, 4, 5, 6, 7, 8 })
		void turnsEveryExifOrientationUpright(int orientation) throws IOException {
			BufferedImage reference = webp(compressor.compress(TestImages.corpus("Landscape_1.jpg"), PROFILE));
			CompressedImage result = compressor.compress(TestImages.corpus("Landscape_" + orientation + ".jpg"),
					PROFILE);
			BufferedImage image = webp(result);
			assertThat(image.getWidth()).isEqualTo(1024);
			assertThat(image.getHeight()).isEqualTo(683);
			assertThat(TestImages.difference(image, reference)).isLessThan(6.0);
		}

		@Test
		void orientationCheckTellsAMirroredPictureApart() throws IOException {
			BufferedImage reference = webp(compressor.compress(TestImages.corpus("Landscape_1.jpg"), PROFILE));
			BufferedImage mirrored = webp(compressor.compress(TestImages.corpus("Landscape_2.jpg"), PROFILE));
			BufferedImage unrotated = TestImages.decode(TestImages.corpus("Landscape_2.jpg"));
			assertThat(TestImages.difference(unrotated, reference)).isGreaterThan(20.0);
			assertThat(TestImages.difference(mirrored, reference)).isLessThan(6.0);
		}

		@Test
		void portraitsStayPortrait() throws IOException {
			CompressedImage result = compressor.compress(TestImages.corpus("Portrait_8.jpg"), PROFILE);
			assertThat(result.width()).isEqualTo(683);
			assertThat(result.height()).isEqualTo(1024);
		}

		@Test
		void incompressibleNoiseStillFitsTheBudget() throws IOException {
			byte[] source = TestImages.encode(TestImages.noise(2000, 1500, 7), "png");
			CompressedImage result = compressor.compress(source, SlotPreset.of(2048, 2048, SlotPreset.Fit.INSIDE));
			assertThat(result.bytes().length).isLessThanOrEqualTo(BUDGET);
			assertThat(result.quality() < CompressionProperties.defaults().quality() || result.width() < 2000)
				.as("quality lowered or picture scaled down")
				.isTrue();
			assertThat(webp(result).getWidth()).isEqualTo(result.width());
		}

		@Test
		void transparencySurvives() throws IOException {
			byte[] source = TestImages.encode(TestImages.transparentLogo(400, 300), "png");
			BufferedImage image = webp(compressor.compress(source, PROFILE));
			assertThat(image.getColorModel().hasAlpha()).isTrue();
			assertThat(image.getRGB(0, 0) >>> 24).isZero();
			assertThat(image.getRGB(200, 150) >>> 24).isEqualTo(255);
		}

		@Test
		void smallImagesAreNotEnlarged() throws IOException {
			byte[] source = TestImages.encode(TestImages.transparentLogo(120, 80), "png");
			CompressedImage result = compressor.compress(source, PROFILE);
			assertThat(result.width()).isEqualTo(120);
			assertThat(result.height()).isEqualTo(80);
		}

		@Test
		void coverPresetCropsASquareFromTheCentre() throws IOException {
			CompressedImage result = compressor.compress(TestImages.corpus("Portrait_1.jpg"),
					SlotPreset.of(256, 256, SlotPreset.Fit.COVER));
			assertThat(result.width()).isEqualTo(256);
			assertThat(result.height()).isEqualTo(256);
		}

		@Test
		void outputIsAWebPWithTheRecordedHash() throws IOException {
			CompressedImage result = compressor.compress(TestImages.corpus("Landscape_1.jpg"), PROFILE);
			assertThat(new String(Arrays.copyOfRange(result.bytes(), 8, 12))).isEqualTo("WEBP");
			assertThat(result.sha256()).hasSize(64);
			assertThat(result.bytes().length).isLessThanOrEqualTo(BUDGET);
		}

		@Test
		void truncatedJpegFailsWithAReadableReason() throws IOException {
			byte[] truncated = Arrays.copyOf(TestImages.corpus("Landscape_1.jpg"), 3000);
			assertThatThrownBy(() -> compressor.compress(truncated, PROFILE)).isInstanceOf(UnprocessableImage.class)
				.hasMessageContaining("truncated or corrupt");
		}

		@Test
		void textFailsAsNotAnImage() {
			assertThatThrownBy(() -> compressor.compress("<html>hello</html>".getBytes(), PROFILE))
				.isInstanceOf(UnprocessableImage.class)
				.hasMessageContaining("not a JPEG, PNG, GIF or WebP");
		}

		@Test
		void decompressionBombFailsBeforeDecoding() throws IOException {
			byte[] bomb = TestImages.pngClaiming(50_000, 50_000);
			assertThatThrownBy(() -> compressor.compress(bomb, PROFILE)).isInstanceOf(UnprocessableImage.class)
				.hasMessageContaining("50000 × 50000");
		}

		@Test
		void renditionsMadeOnASpareCoreAreThoseMadeAfterTheMainWebP() throws IOException {
			CompressionProperties properties = CompressionProperties.defaults();
			SlotPreset preset = new SlotPreset(1024, 1024, SlotPreset.Fit.INSIDE, List.of(64, 128, 256));
			byte[] source = TestImages.corpus("Landscape_1.jpg");
			CompressedImage alongside = new ImageCompressor(properties, this.path.decoder(properties), 4)
				.compress(source, preset);
			CompressedImage after = new ImageCompressor(properties, this.path.decoder(properties), 1).compress(source,
					preset);
			assertThat(alongside.sha256()).isEqualTo(after.sha256());
			assertThat(alongside.renditions()).hasSize(3);
			assertThat(alongside.renditions().stream().map(Rendition::sha256))
				.containsExactlyElementsOf(after.renditions().stream().map(Rendition::sha256).toList());
		}

		private static BufferedImage webp(CompressedImage result) throws IOException {
			BufferedImage image = TestImages.decode(result.bytes());
			assertThat(image).as("decodable WebP").isNotNull();
			return image;
		}

	}

}
