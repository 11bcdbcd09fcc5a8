package io.imagepipe.imports.reprocess;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.OffsetDateTime;
import java.util.Properties;

/**
 * Where a reprocess run is, kept in a small properties file that is replaced atomically
 * after every image: when the run started (by the database's clock), the last image key
 * it went past, and when it finished.
 *
 * @param startedAt when the run started: images whose newest upload is younger are
 * already made with the current presets
 * @param lastKey the last image key handled, {@code ownerType/ownerId/slot}, or empty
 * @param queued how many images the run has queued so far
 * @param finishedAt when the run finished, or {@code null}
 */
record ReprocessState(OffsetDateTime startedAt, String lastKey, long queued, OffsetDateTime finishedAt) {

	static ReprocessState startingAt(OffsetDateTime startedAt) {
		return new ReprocessState(startedAt, "", 0, null);
	}

	ReprocessState past(String key, boolean queuedIt) {
		return new ReprocessState(this.startedAt, key, this.queued + (queuedIt ? 1 : 0), null);
	}

	ReprocessState finished(OffsetDateTime at) {
		return new ReprocessState(this.startedAt, this.lastKey, this.queued, at);
	}

	/**
	 * The same run from its first image again, as a re-run of a finished run does: it
	 * finds only what did not get done.
	 * @return the state of a fresh pass over the same run
	 */
	ReprocessState rescan() {
		return new ReprocessState(this.startedAt, "", this.queued, null);
	}

	static ReprocessState load(Path file) throws IOException {
		if (!Files.exists(file)) {
			return null;
		}
		Properties properties = new Properties();
		try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			properties.load(reader);
		}
		String finished = properties.getProperty("finishedAt", "");
		return new ReprocessState(OffsetDateTime.parse(properties.getProperty("startedAt")),
				properties.getProperty("lastKey", ""), Long.parseLong(properties.getProperty("queued", "0")),
				finished.isEmpty() ? null : OffsetDateTime.parse(finished));
	}

	void save(Path file) throws IOException {
		Properties properties = new Properties();
		properties.setProperty("startedAt", this.startedAt.toString());
		properties.setProperty("lastKey", this.lastKey);
		properties.setProperty("queued", String.valueOf(this.queued));
		properties.setProperty("finishedAt", (this.finishedAt != null) ? this.finishedAt.toString() : "");
		Path absolute = file.toAbsolutePath();
		Files.createDirectories(absolute.getParent());
		Path temporary = absolute.resolveSibling(absolute.getFileName() + ".tmp");
		try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
			properties.store(writer, "image-import reprocess: delete this file, or pass --new-run, to start over");
		}
		Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

}
