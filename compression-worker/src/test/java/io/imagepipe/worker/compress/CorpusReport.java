package io.imagepipe.worker.compress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Writes the corpus results as Markdown tables under {@code target/}, for
 * {@code docs/corpus-results.md}.
 */
final class CorpusReport {

	static final Path DIRECTORY = Path.of("target");

	private CorpusReport() {
	}

	static String row(String name, String path, byte[] source, CompressedImage result, double ssim,
			double colourDifference) {
		String renditions = result.renditions()
			.stream()
			.map((r) -> r.width() + "×" + r.height() + " " + kilobytes(r.bytes().length))
			.collect(Collectors.joining(", "));
		return String.format(Locale.ROOT, "| %s | %s | %s | %d×%d | %s | %.2f | %d | %s | %s | %s | %s |", name, path,
				kilobytes(source.length), result.width(), result.height(), kilobytes(result.bytes().length),
				result.quality(), result.encodeMillis(), number(ssim, "%.3f"), number(colourDifference, "%.1f"),
				(result.placeholderColor() != null) ? "`" + result.placeholderColor() + "`" : "none",
				renditions.isEmpty() ? "none" : renditions);
	}

	static void writeResults(List<String> rows) throws IOException {
		write("corpus-results.md",
				"| case | decode | source | output | WebP | quality | encode ms | SSIM | ΔRGB | placeholder | "
						+ "renditions |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|\n",
				rows);
	}

	static void writeFailures(List<String> rows) throws IOException {
		write("corpus-bad-files.md",
				"| case | decode | bytes | outcome: the reason recorded on the upload |\n|---|---|---:|---|\n", rows);
	}

	private static void write(String file, String header, List<String> rows) throws IOException {
		Files.createDirectories(DIRECTORY);
		Files.writeString(DIRECTORY.resolve(file),
				header + rows.stream().sorted().collect(Collectors.joining("\n")) + "\n");
	}

	static String kilobytes(long bytes) {
		return (bytes < 1024) ? bytes + " B" : String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
	}

	private static String number(double value, String format) {
		return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, format, value);
	}

}
