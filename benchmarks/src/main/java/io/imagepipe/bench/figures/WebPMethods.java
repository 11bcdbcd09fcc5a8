package io.imagepipe.bench.figures;

import java.util.ArrayList;
import java.util.List;

import io.imagepipe.worker.compress.CompressedImage;
import io.imagepipe.worker.compress.CompressionProperties;
import io.imagepipe.worker.compress.ImageCompressor;
import io.imagepipe.worker.compress.SlotPreset;

/**
 * The size and speed trade-off of libwebp's method (the worker's {@code WEBP_METHOD}) on
 * the 2 MP photo of figure 4, through the whole pipeline with the profile slot's
 * renditions, one job at a time: the evidence for choosing the method.
 */
final class WebPMethods {

	private static final String FIGURE = "2 compression";

	private WebPMethods() {
	}

	static Row measure(Run run) {
		byte[] photo = run.corpus().bytes(EndToEndFigure.PHOTO);
		SlotPreset profile = new SlotPreset(1024, 1024, SlotPreset.Fit.INSIDE, List.of(64, 128, 256));
		int times = run.mode().judged() ? 10 : 1;
		List<String> cells = new ArrayList<>();
		for (int method : List.of(4, 3, 2)) {
			CompressionProperties defaults = CompressionProperties.defaults();
			ImageCompressor compressor = new ImageCompressor(
					new CompressionProperties(defaults.maxBytes(), defaults.quality(), defaults.minQuality(),
							defaults.qualitySteps(), method, defaults.maxPixels(), defaults.maxFrames()));
			compressor.compress(photo, profile);
			long start = System.nanoTime();
			long bytes = 0;
			for (int i = 0; i < times; i++) {
				CompressedImage image = compressor.compress(photo, profile);
				bytes = image.bytes().length;
			}
			double millis = (System.nanoTime() - start) / 1e6 / times;
			cells.add(Numbers.format("m%d %.0f ms %s", method, millis, Numbers.kilobytes(bytes)));
		}
		return Row.info(FIGURE, "one 2 MP job (1024 px + 3 renditions) by WebP method, alone",
				String.join(" · ", cells), "—");
	}

}
