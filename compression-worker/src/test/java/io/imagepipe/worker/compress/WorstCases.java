package io.imagepipe.worker.compress;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Compresses the given files all at once, each on its own thread, as the worker runs its
 * jobs; started by {@link MemoryBoundTests} in a JVM of its own with the worker's JVM
 * options. Prints one line per file, the decode path and the peak RSS ({@code VmHWM}).
 */
public final class WorstCases {

	private WorstCases() {
	}

	public static void main(String[] args) throws Exception {
		ImageCompressor compressor = new ImageCompressor(CompressionProperties.defaults());
		SlotPreset preset = new SlotPreset(1024, 1024, SlotPreset.Fit.INSIDE, List.of(64, 128, 256));
		ExecutorService pool = Executors.newFixedThreadPool(args.length);
		List<Future<String>> results = new ArrayList<>();
		for (String file : args) {
			byte[] bytes = Files.readAllBytes(Path.of(file));
			results.add(pool.submit(() -> {
				CompressedImage image = compressor.compress(bytes, preset);
				return "compressed " + Path.of(file).getFileName() + " to " + image.width() + "×" + image.height()
						+ ", " + image.bytes().length + " bytes";
			}));
		}
		for (Future<String> result : results) {
			System.out.println(result.get());
		}
		pool.shutdown();
		System.out.println("decode path " + compressor.jpegPath());
		System.out.println("max heap " + Runtime.getRuntime().maxMemory());
		for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
			if (line.startsWith("VmHWM")) {
				System.out.println(line);
			}
		}
	}

}
