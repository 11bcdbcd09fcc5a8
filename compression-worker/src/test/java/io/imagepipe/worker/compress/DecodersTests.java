package io.imagepipe.worker.compress;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Map;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decoder is chosen in one place: libjpeg-turbo where the native library loads, the
 * ImageIO path where it does not, and the choice is logged, counted and shown in
 * {@code /actuator/info}.
 */
@ExtendWith(OutputCaptureExtension.class)
class DecodersTests {

	private static final CompressionProperties DEFAULTS = CompressionProperties.defaults();

	private final ApplicationContextRunner worker = new ApplicationContextRunner()
		.withBean(CompressionProperties.class, CompressionProperties::defaults)
		.withUserConfiguration(DecoderConfiguration.class);

	@Test
	void libjpegTurboIsChosenWhereTheNativeLibraryLoads() {
		Decoders.Choice choice = Decoders.choose(DEFAULTS, Decoders.DEFAULT_LIBRARY);
		assertThat(choice.fallbackReason()).as("why not libjpeg-turbo").isNull();
		assertThat(choice.decoder().jpegPath()).isEqualTo("libjpeg-turbo");
		assertThat(new ImageCompressor(DEFAULTS).jpegPath()).isEqualTo("libjpeg-turbo");
	}

	@Test
	void theImageIoPathIsTakenWhenTheNativeLibraryCannotBeLoaded() throws IOException {
		for (String missing : new String[] { "imagepipe-no-such-turbojpeg", "/nonexistent/libturbojpeg.so.0" }) {
			Decoders.Choice choice = Decoders.choose(DEFAULTS, missing);
			assertThat(choice.decoder().jpegPath()).isEqualTo("imageio");
			assertThat(choice.fallbackReason()).contains("'" + missing + "' cannot be loaded", "libturbojpeg0");
			CompressedImage result = new ImageCompressor(DEFAULTS, choice.decoder())
				.compress(TestImages.corpus("Landscape_6.jpg"), SlotPreset.of(1024, 1024, SlotPreset.Fit.INSIDE));
			assertThat(result.width()).isEqualTo(1024);
			assertThat(result.height()).isEqualTo(683);
		}
	}

	@Test
	void theWorkerLogsCountsAndShowsTheFallback(CapturedOutput output) {
		this.worker.withPropertyValues("imagepipe.compression.decoder.jpeg-library=imagepipe-no-such-turbojpeg")
			.run((context) -> {
				assertThat(context.getBean(Decoder.class).jpegPath()).isEqualTo("imageio");
				assertThat(info(context.getBean(InfoContributor.class)))
					.isEqualTo(Map.of("jpeg", "imageio", "library", "imagepipe-no-such-turbojpeg"));
				assertThat(gauge(context.getBean(MeterBinder.class), "imageio")).isEqualTo(1.0);
			});
		assertThat(output).contains("JPEG decoding: ImageIO fallback", "imagepipe-no-such-turbojpeg", "libturbojpeg0");
	}

	@Test
	void theWorkerLogsCountsAndShowsLibjpegTurbo(CapturedOutput output) {
		this.worker.run((context) -> {
			assertThat(context.getBean(Decoder.class).jpegPath()).isEqualTo("libjpeg-turbo");
			assertThat(info(context.getBean(InfoContributor.class)))
				.isEqualTo(Map.of("jpeg", "libjpeg-turbo", "library", "turbojpeg"));
			assertThat(gauge(context.getBean(MeterBinder.class), "libjpeg-turbo")).isEqualTo(1.0);
		});
		assertThat(output).contains("JPEG decoding: libjpeg-turbo (turbojpeg)");
	}

	@Test
	void aJpegIsDecodedAtTheSmallestScaleThatCoversTheSlotWithAMargin() throws IOException {
		Decoder turbo = DecodePath.LIBJPEG_TURBO.decoder(DEFAULTS);
		byte[] jpeg = GeneratedImages.jpeg(gradient(6000, 4000), 0.9f);
		// inside 1024: the output is 1024 × 683; 1/4 (1500 × 1000) covers it by more than
		// 1.25
		assertThat(size(turbo.decode(jpeg, SlotPreset.of(1024, 1024, SlotPreset.Fit.INSIDE)))).isEqualTo("1500×1000");
		// cover 256: the output is 256 × 256 cut from 384 × 256; 1/8 (750 × 500) covers
		// it
		assertThat(size(turbo.decode(jpeg, SlotPreset.of(256, 256, SlotPreset.Fit.COVER)))).isEqualTo("750×500");
		// inside 2048: the output is 2048 × 1365; 1/2 (3000 × 2000) is the smallest that
		// covers it
		assertThat(size(turbo.decode(jpeg, SlotPreset.of(2048, 2048, SlotPreset.Fit.INSIDE)))).isEqualTo("3000×2000");
		// inside 4000 needs more than 1/2 with the margin: decoded whole
		assertThat(size(turbo.decode(jpeg, SlotPreset.of(4000, 4000, SlotPreset.Fit.INSIDE)))).isEqualTo("6000×4000");
	}

	@Test
	void aQuarterTurnIsTakenIntoAccountBeforeScaling() throws IOException {
		Decoder turbo = DecodePath.LIBJPEG_TURBO.decoder(DEFAULTS);
		// Portrait_6 is stored 1800 × 1200 and turned upright to 1200 × 1800; for a 512
		// px box the output is 341 × 512, which 3/8 (450 × 675 upright) covers by more
		// than 1.25
		BufferedImage image = turbo.decode(TestImages.corpus("Portrait_6.jpg"),
				SlotPreset.of(512, 512, SlotPreset.Fit.INSIDE));
		assertThat(size(image)).isEqualTo("450×675");
	}

	@Test
	void threeEighthsIsUsedWhenItKeepsTheOutputSize() throws IOException {
		Decoder turbo = DecodePath.LIBJPEG_TURBO.decoder(DEFAULTS);
		SlotPreset box = SlotPreset.of(1024, 1024, SlotPreset.Fit.INSIDE);
		// 4240 × 2832 at 3/8 is 1590 × 1062, resized to 1024 × 684 as the source is
		assertThat(size(turbo.decode(GeneratedImages.jpeg(gradient(4240, 2832), 0.9f), box))).isEqualTo("1590×1062");
		// 4500 × 3000 at 3/8 is 1688 × 1125 (libjpeg rounds up), which the resize would
		// make 1024 × 682 instead of 1024 × 683: decoded at 1/2
		assertThat(size(turbo.decode(GeneratedImages.jpeg(gradient(4500, 3000), 0.9f), box))).isEqualTo("2250×1500");
	}

	private static Object info(InfoContributor contributor) {
		Info.Builder builder = new Info.Builder();
		contributor.contribute(builder);
		return builder.build().getDetails().get("decoder");
	}

	private static double gauge(MeterBinder binder, String path) {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		binder.bindTo(registry);
		return registry.get("imagepipe.worker.jpeg.decoder").tag("path", path).gauge().value();
	}

	private static String size(BufferedImage image) {
		return image.getWidth() + "×" + image.getHeight();
	}

	private static BufferedImage gradient(int width, int height) {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		g.setPaint(new GradientPaint(0, 0, Color.ORANGE, width, height, Color.BLUE));
		g.fillRect(0, 0, width, height);
		g.dispose();
		return image;
	}

}
