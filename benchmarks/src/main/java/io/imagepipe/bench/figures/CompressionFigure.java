package io.imagepipe.bench.figures;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import io.imagepipe.bench.corpus.Corpus;
import io.imagepipe.worker.compress.CompressedImage;
import io.imagepipe.worker.compress.CompressionProperties;
import io.imagepipe.worker.compress.ImageCompressor;
import io.imagepipe.worker.compress.SlotPreset;

/**
 * Figure 2: images per second over the photo corpus through the worker's pipeline
 * ({@link ImageCompressor}, in this JVM, one job per core), next to Debian's
 * vipsthumbnail making the same 1024 px box at the same WebP quality (82) and effort (4),
 * one single-threaded process per core. Both make one WebP per photo; a row for
 * information adds the profile slot's three renditions, as a real job makes them.
 */
public final class CompressionFigure {

	private static final String FIGURE = "2 compression";

	private static final int BOX = 1024;

	private static final long BUDGET = 500 * 1000;

	private CompressionFigure() {
	}

	public static List<Row> measure(Run run) {
		int cores = Runtime.getRuntime().availableProcessors();
		List<Path> files = run.mode().photos().stream().map(run.corpus()::file).toList();
		int passes = run.mode().compressionPasses();
		Vips vips = new Vips(run.work().resolve("vips"), cores);
		vips.pass(files);
		double vipsSeconds = run.observed("2-compression-vips", "figure 2, vipsthumbnail", Map.of(),
				() -> Numbers.seconds(() -> repeat(passes, () -> vips.pass(files))));
		List<Long> vipsSizes = vips.outputSizes();
		List<byte[]> photos = files.stream().map(CompressionFigure::read).toList();
		CompressionProperties properties = CompressionProperties.defaults();
		ImageCompressor compressor = new ImageCompressor(properties);
		SlotPreset box = SlotPreset.of(BOX, BOX, SlotPreset.Fit.INSIDE);
		List<Long> sizes = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(cores)) {
			pass(pool, compressor, photos, box);
			double seconds = run.observed("2-compression-worker", "figure 2, worker pipeline (this JVM)",
					Map.of(ProcessHandle.current().pid(), "bench JVM"), () -> Numbers
						.seconds(() -> repeat(passes, () -> sizes.addAll(pass(pool, compressor, photos, box)))));
			SlotPreset profile = new SlotPreset(BOX, BOX, SlotPreset.Fit.INSIDE, List.of(64, 128, 256));
			double withRenditions = Numbers.seconds(() -> pass(pool, compressor, photos, profile));
			Row methods = WebPMethods.measure(run);
			return rows(run, files.size() * passes, seconds, vipsSeconds, sizes, vipsSizes, properties,
					files.size() / withRenditions, methods);
		}
	}

	private static List<Row> rows(Run run, int images, double seconds, double vipsSeconds, List<Long> sizes,
			List<Long> vipsSizes, CompressionProperties properties, double withRenditions, Row methods) {
		double ours = images / seconds;
		double anchor = images / vipsSeconds;
		long largest = sizes.stream().mapToLong(Long::longValue).max().orElse(0);
		long vipsLargest = vipsSizes.stream().mapToLong(Long::longValue).max().orElse(0);
		String corpus = describe(run.mode().photos());
		int cores = Runtime.getRuntime().availableProcessors();
		String measure = Numbers.format("images/s: %s; %d px box, WebP q%.0f effort %d; %d at once", corpus, BOX,
				properties.quality() * 100, properties.method(), cores);
		return List.of(new Row(FIGURE, measure, Numbers.rate(ours), Numbers.rate(anchor) + " (vipsthumbnail)",
				Numbers.ratio(ours / anchor), "≥ 1.0× libvips", Row.Verdict.of(ours >= anchor, run.mode().judged())),
				new Row(FIGURE, "largest WebP (mean)",
						Numbers.kilobytes(largest) + " (" + Numbers.kilobytes(mean(sizes)) + ")",
						Numbers.kilobytes(vipsLargest) + " (" + Numbers.kilobytes(mean(vipsSizes)) + ")", "—",
						"every output ≤ 500 KB", Row.Verdict.of(largest <= BUDGET, true)),
				Row.info(FIGURE, "images/s with the profile slot's renditions (64, 128, 256 px), as a job makes them",
						Numbers.rate(withRenditions), "—"),
				methods);
	}

	private static List<Long> pass(ExecutorService pool, ImageCompressor compressor, List<byte[]> photos,
			SlotPreset preset) {
		List<Future<CompressedImage>> results = photos.stream()
			.map((photo) -> pool.submit(() -> compressor.compress(photo, preset)))
			.toList();
		List<Long> sizes = new ArrayList<>();
		for (Future<CompressedImage> result : results) {
			try {
				sizes.add((long) result.get().bytes().length);
			}
			catch (Exception ex) {
				throw new IllegalStateException("The pipeline failed on a corpus photo", ex);
			}
		}
		return sizes;
	}

	static String describe(List<Corpus.Spec> photos) {
		long jpegs = photos.stream().filter((spec) -> spec.format().endsWith("jpg")).count();
		return Numbers.format("%d photos (%d JPEG, %d PNG, %.0f–%.0f MP)", photos.size(), jpegs, photos.size() - jpegs,
				photos.stream().mapToDouble(Corpus.Spec::megapixels).min().orElse(0),
				photos.stream().mapToDouble(Corpus.Spec::megapixels).max().orElse(0));
	}

	private static void repeat(int times, Runnable work) {
		for (int i = 0; i < times; i++) {
			work.run();
		}
	}

	private static long mean(List<Long> sizes) {
		return (long) sizes.stream().mapToLong(Long::longValue).average().orElse(0);
	}

	private static byte[] read(Path file) {
		try {
			return Files.readAllBytes(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * vipsthumbnail over the corpus: the files split into one list per core, each list
	 * one single-threaded process.
	 */
	record Vips(Path output, int cores) {

		void pass(List<Path> files) {
			List<Process> processes = new ArrayList<>();
			try {
				Files.createDirectories(this.output);
				for (int shard = 0; shard < this.cores; shard++) {
					List<String> command = new ArrayList<>(List.of("vipsthumbnail", "--vips-concurrency=1", "--size",
							BOX + "x" + BOX + ">", "--output", this.output + "/%s.webp[Q=82,effort=4,strip]"));
					for (int i = shard; i < files.size(); i += this.cores) {
						command.add(files.get(i).toString());
					}
					if (command.size() > 6) {
						processes.add(new ProcessBuilder(command).redirectErrorStream(true)
							.redirectOutput(this.output.resolve("vips-" + shard + ".log").toFile())
							.start());
					}
				}
				for (Process process : processes) {
					if (process.waitFor() != 0) {
						throw new IllegalStateException("vipsthumbnail failed; see " + this.output + "/vips-*.log");
					}
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot run vipsthumbnail (apt-get install libvips-tools)", ex);
			}
			catch (InterruptedException ex) {
				processes.forEach(Process::destroyForcibly);
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

		List<Long> outputSizes() {
			try (Stream<Path> files = Files.list(this.output)) {
				return files.filter((file) -> file.toString().endsWith(".webp")).map((file) -> {
					try {
						return Files.size(file);
					}
					catch (IOException ex) {
						throw new UncheckedIOException(ex);
					}
				}).toList();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
