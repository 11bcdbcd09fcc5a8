package io.imagepipe.bench.figures;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

import io.imagepipe.bench.corpus.Corpus;

/**
 * Figure 6: the whole pipeline against libvips on the same photos. The photos are
 * uploaded all at once through the running services, and the time runs until every one of
 * them is served from its versioned URL (upload, queue, decode, resize, the 1024 px WebP
 * with its renditions and placeholder, storage, serving); vipsthumbnail makes the same
 * 1024 px WebPs (quality 82, effort 4) from the same files, one single-threaded process
 * per core, as in figure 2. Ingest and PostgreSQL cost CPU that vipsthumbnail never pays,
 * so the target is lower than figure 2's.
 */
public final class ComparisonFigure {

	private static final String FIGURE = "6 end to end vs libvips";

	private static final Duration TIMEOUT = Duration.ofMinutes(5);

	private static final double TARGET = 0.8;

	/** Passes on each side in a judged run, of which the median counts. */
	private static final int PASSES = 3;

	private ComparisonFigure() {
	}

	public static List<Row> measure(Run run) {
		Uploads uploads = Uploads.asService(run);
		List<Corpus.Spec> specs = run.mode().comparisonPhotos();
		List<Path> files = specs.stream().map(run.corpus()::file).toList();
		List<byte[]> photos = specs.stream().map(run.corpus()::bytes).toList();
		if (!run.isolation().awaitIdle(TIMEOUT)) {
			throw new IllegalStateException("The queue is not idle");
		}
		int cores = Runtime.getRuntime().availableProcessors();
		CompressionFigure.Vips vips = new CompressionFigure.Vips(run.work().resolve("vips-end-to-end"), cores);
		// warm-up: the services' code paths for these files (in a judged run, one pass
		// over all of them, as figure 2 makes one), and vipsthumbnail's page cache
		uploadAll(uploads, "cmp-warmup-", run.mode().judged() ? photos : photos.subList(0, Math.min(2, photos.size())));
		vips.pass(files);
		Map<Long, String> jvms = Map.of(run.services().ingest().pid(), "ingest-api", run.services().worker().pid(),
				"compression-worker", run.services().serving().pid(), "serving-api");
		// a pass lasts about 1.5 s: the median of three passes on each side, so that one
		// pass slowed by something else on the machine does not decide the figure
		int passes = run.mode().judged() ? PASSES : 1;
		double ours = run.observed("6-end-to-end-imagepipe", "figure 6, the photos through the services", jvms,
				() -> medianSeconds(passes, (pass) -> uploadAll(uploads, "cmp-" + pass + "-", photos)));
		double theirs = run.observed("6-end-to-end-vips", "figure 6, vipsthumbnail", Map.of(),
				() -> medianSeconds(passes, (pass) -> vips.pass(files)));
		double ourRate = photos.size() / ours;
		double theirRate = photos.size() / theirs;
		String measure = Numbers
			.format("images/s: %s uploaded at once, upload → servable (1024 px, renditions, placeholder), "
					+ "against vipsthumbnail's 1024 px WebP, q82 effort 4, one process per core; median of %d passes",
					CompressionFigure.describe(specs), passes);
		return List.of(new Row(FIGURE, measure, Numbers.rate(ourRate), Numbers.rate(theirRate) + " (vipsthumbnail)",
				Numbers.ratio(ourRate / theirRate), "≥ 0.8× libvips",
				Row.Verdict.of(ourRate >= TARGET * theirRate, run.mode().judged())));
	}

	/**
	 * Upload every photo at once, each to a user of its own, and wait until each is
	 * served.
	 */
	private static void uploadAll(Uploads uploads, String prefix, List<byte[]> photos) {
		try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<?>> sent = new ArrayList<>();
			for (int i = 0; i < photos.size(); i++) {
				String owner = prefix + i;
				byte[] photo = photos.get(i);
				sent.add(clients.submit(() -> {
					URI image = uploads.awaitDone(uploads.upload(owner, photo), TIMEOUT);
					int code = uploads.awaitServed(image, TIMEOUT).statusCode();
					if (code != 200) {
						throw new IllegalStateException(image + " answered " + code);
					}
					return null;
				}));
			}
			for (Future<?> upload : sent) {
				upload.get();
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException("An upload of figure 6 failed", ex);
		}
	}

	/**
	 * Time each of a number of passes.
	 * @return the median pass's seconds
	 */
	private static double medianSeconds(int passes, IntConsumer pass) {
		List<Double> seconds = new ArrayList<>();
		for (int i = 0; i < passes; i++) {
			int number = i;
			seconds.add(Numbers.seconds(() -> pass.accept(number)));
		}
		return Numbers.percentile(seconds, 50);
	}

}
