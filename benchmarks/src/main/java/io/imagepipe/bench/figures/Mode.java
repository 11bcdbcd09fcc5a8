package io.imagepipe.bench.figures;

import java.time.Duration;
import java.util.List;

import io.imagepipe.bench.corpus.Corpus;

/**
 * How long and how large a run is: the full measurement, or the short mode CI runs to
 * keep the suite working, which judges no speed.
 *
 * @param name {@code full} or {@code short}
 * @param judged whether the targets are judged
 * @param warmup load before each measured load run, not counted
 * @param duration each measured load run of figures 1 and 3
 * @param connections the fixed concurrency of figure 1, for serving-api and nginx alike
 * @param highConcurrency the higher concurrency of figure 3
 * @param photos figure 2's corpus
 * @param compressionPasses measured passes over that corpus, after one warm-up pass
 * @param endToEndSamples figure 4's measured uploads, after the warm-up uploads
 * @param memoryUploads figure 5's concurrent uploads
 * @param memoryPhoto the photo each of them uploads
 * @param worstCase figure 5's worst case for memory, uploaded at once to a fresh worker
 * @param comparisonPhotos figure 6's photos, uploaded at once and made by vipsthumbnail
 */
public record Mode(String name, boolean judged, Duration warmup, Duration duration, int connections,
		int highConcurrency, List<Corpus.Spec> photos, int compressionPasses, int endToEndSamples, int memoryUploads,
		Corpus.Spec memoryPhoto, List<Corpus.Spec> worstCase, List<Corpus.Spec> comparisonPhotos) {

	public static Mode full() {
		return new Mode("full", true, Duration.ofSeconds(3), Duration.ofSeconds(15), 32, 32, Corpus.photoCorpus(), 2,
				30, 20, Corpus.Spec.jpeg(6000, 4000),
				List.of(Corpus.Spec.progressiveJpeg(8660, 5773), Corpus.Spec.png16(8660, 5773)),
				List.of(Corpus.Spec.jpeg(3672, 2448), Corpus.Spec.jpeg(2448, 3672),
						Corpus.Spec.progressiveJpeg(3672, 2448), Corpus.Spec.jpeg(3680, 2456),
						Corpus.Spec.jpeg(2456, 3680), Corpus.Spec.jpeg(3696, 2464),
						Corpus.Spec.progressiveJpeg(2464, 3696), Corpus.Spec.jpeg(3712, 2480)));
	}

	public static Mode brief() {
		return new Mode("short", false, Duration.ofMillis(500), Duration.ofSeconds(1), 8, 8,
				List.of(Corpus.Spec.jpeg(2400, 1600), Corpus.Spec.png(1600, 1200)), 1, 2, 2,
				Corpus.Spec.jpeg(2400, 1600),
				List.of(Corpus.Spec.progressiveJpeg(2400, 1600), Corpus.Spec.png16(2400, 1600)),
				List.of(Corpus.Spec.jpeg(2400, 1600), Corpus.Spec.progressiveJpeg(1600, 2400)));
	}

}
