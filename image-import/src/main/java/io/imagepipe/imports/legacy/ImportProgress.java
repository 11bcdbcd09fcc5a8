package io.imagepipe.imports.legacy;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;

/**
 * The lines an import prints as it goes, and its counts: one line per image with its
 * position ({@code [12/340]}), one per upload that finishes, and a summary.
 */
final class ImportProgress {

	private final PrintWriter out;

	private long total;

	private long position;

	private String current = "";

	private long started;

	private int imported;

	private int alreadyImported;

	private int hadImage;

	private int failed;

	ImportProgress(PrintWriter out) {
		this.out = out;
	}

	void start(long total) {
		this.total = total;
		this.started = System.nanoTime();
	}

	void next(LegacyImage image) {
		this.position++;
		int width = String.valueOf(this.total).length();
		this.current = String.format(Locale.ROOT, "[%" + width + "d/%d] %s <- %s", this.position, this.total,
				image.key(), image.source());
	}

	void accepted(UUID uploadId) {
		print(this.current + ": uploaded, upload " + uploadId);
	}

	void resumed(UUID uploadId) {
		print(this.current + ": uploaded by an earlier run, following upload " + uploadId);
	}

	void alreadyImported(String url) {
		this.alreadyImported++;
		print(this.current + ": already imported, " + url);
	}

	void hadImage() {
		this.hadImage++;
		print(this.current + ": skipped, the image already exists (--overwrite replaces it)");
	}

	void failedBefore(String reason) {
		this.failed++;
		print(this.current + ": failed in an earlier run (" + reason + "); --retry-failed tries again");
	}

	void rejected(String reason) {
		this.failed++;
		print(this.current + ": FAILED " + reason);
	}

	void failed(String key, String reason) {
		this.failed++;
		print("  FAILED " + key + ": " + reason);
	}

	void finished(String key, String url) {
		this.imported++;
		print("  done   " + key + ": " + url);
	}

	void unusable(String reason) {
		print("  skipped " + reason);
	}

	void waiting(int uploads) {
		print("Waiting for " + uploads + " upload(s) to finish ...");
	}

	void gaveUpWaiting(int uploads, Path journal) {
		print("Stopped waiting for " + uploads + " upload(s); run the same command again to follow them (" + journal
				+ ")");
	}

	Counts finish(Path journal) {
		double seconds = (System.nanoTime() - this.started) / 1e9;
		Counts counts = new Counts(this.imported, this.alreadyImported, this.hadImage, this.failed);
		print(String.format(Locale.ROOT,
				"Summary: %d image(s): %d imported, %d already imported, %d already had an image, %d failed (%.1f s, journal %s)",
				this.total, this.imported, this.alreadyImported, this.hadImage, this.failed, seconds, journal));
		return counts;
	}

	private void print(String line) {
		this.out.println(line);
		this.out.flush();
	}

	/**
	 * What an import did.
	 *
	 * @param imported uploads that finished in this run
	 * @param alreadyImported sources an earlier run imported
	 * @param hadImage sources skipped because their image already existed
	 * @param failed sources that failed, in this run or an earlier one
	 */
	record Counts(int imported, int alreadyImported, int hadImage, int failed) {
	}

}
