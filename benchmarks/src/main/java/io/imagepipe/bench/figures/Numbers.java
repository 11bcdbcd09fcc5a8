package io.imagepipe.bench.figures;

import java.util.List;
import java.util.Locale;

/**
 * Timings, percentiles and the formats of the table.
 */
final class Numbers {

	private Numbers() {
	}

	/**
	 * A percentile by the nearest-rank method.
	 * @param values the samples
	 * @param percent such as 50 or 99
	 * @return the percentile, or NaN without samples
	 */
	static double percentile(List<Double> values, double percent) {
		if (values.isEmpty()) {
			return Double.NaN;
		}
		List<Double> sorted = values.stream().sorted().toList();
		int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
		return sorted.get(Math.clamp(rank - 1, 0, sorted.size() - 1));
	}

	/**
	 * How long some work takes.
	 * @param work the work
	 * @return its wall-clock seconds
	 */
	static double seconds(Runnable work) {
		long start = System.nanoTime();
		work.run();
		return (System.nanoTime() - start) / 1e9;
	}

	static String format(String pattern, Object... values) {
		return String.format(Locale.ROOT, pattern, values);
	}

	static String millis(double value) {
		return (value < 10) ? format("%.2f ms", value) : format("%.0f ms", value);
	}

	static String rate(double value) {
		return (value < 100) ? format("%.1f", value) : format("%,.0f", value);
	}

	static String ratio(double value) {
		return format("%.2f×", value);
	}

	static String kilobytes(long bytes) {
		return format("%.0f KB", bytes / 1000.0);
	}

	static String mebibytes(long bytes) {
		return format("%.0f MiB", bytes / 1024.0 / 1024.0);
	}

}
