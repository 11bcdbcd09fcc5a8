package io.imagepipe.imports.legacy;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an import has done, one JSON line per step, appended and flushed as it happens so
 * that an import stopped at any point (Ctrl-C, a crash, a full disk) resumes where it
 * was. The last line of a source wins; a torn last line is ignored.
 */
final class Journal implements AutoCloseable {

	private final Path file;

	private final Map<String, Entry> latest = new HashMap<>();

	private final BufferedWriter writer;

	private Journal(Path file) throws IOException {
		this.file = file;
		if (Files.exists(file)) {
			readExisting(Files.readAllLines(file, StandardCharsets.UTF_8));
		}
		Path parent = file.toAbsolutePath().getParent();
		if (parent != null) {
			Files.createDirectories(parent);
		}
		this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
				StandardOpenOption.APPEND);
	}

	/**
	 * Open a journal, reading what an earlier run recorded in it.
	 * @param file the journal file, created when missing
	 * @return the journal
	 * @throws IOException when it cannot be read or written
	 */
	static Journal open(Path file) throws IOException {
		return new Journal(file);
	}

	private void readExisting(List<String> lines) {
		for (String line : lines) {
			if (line.isBlank()) {
				continue;
			}
			try {
				Entry entry = JsonMapper.shared().readValue(line, Entry.class);
				this.latest.put(entry.source(), entry);
			}
			catch (JacksonException ex) {
				// a line torn by a crash: the step it describes is done again
			}
		}
	}

	Path file() {
		return this.file;
	}

	/**
	 * The last step recorded for a source.
	 * @param source the source
	 * @return its last entry, if any
	 */
	Optional<Entry> latest(String source) {
		return Optional.ofNullable(this.latest.get(source));
	}

	/**
	 * Record a step, durably before the next one starts.
	 * @param entry the step
	 */
	void record(Entry entry) {
		try {
			this.writer.write(JsonMapper.shared().writeValueAsString(entry));
			this.writer.newLine();
			this.writer.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the import journal " + this.file, ex);
		}
		this.latest.put(entry.source(), entry);
	}

	@Override
	public void close() throws IOException {
		this.writer.close();
	}

	/**
	 * One step of one source.
	 *
	 * @param source the source, as {@link LegacyImage#source()}
	 * @param key the image key
	 * @param fingerprint the source's fingerprint when it was read
	 * @param sha256 the hash of the bytes uploaded
	 * @param state {@code accepted} (uploaded, not finished yet), {@code done} or
	 * {@code failed}
	 * @param uploadId the upload's id, once uploaded
	 * @param statusUrl where to follow the upload
	 * @param detail the served URL once done, or the reason of a failure
	 * @param at when the step happened
	 */
	record Entry(String source, String key, String fingerprint, String sha256, String state, UUID uploadId,
			String statusUrl, String detail, Instant at) {

		static final String ACCEPTED = "accepted";

		static final String DONE = "done";

		static final String FAILED = "failed";

		/**
		 * The first entry of a source, before anything was uploaded.
		 * @param image the source
		 * @param sha256 the hash of its bytes, if read
		 * @return the entry, in no state yet
		 */
		static Entry of(LegacyImage image, String sha256) {
			return new Entry(image.source(), image.key().toString(), image.fingerprint(), sha256, null, null, null,
					null, Instant.now());
		}

		Entry accepted(UUID upload, String status) {
			return new Entry(this.source, this.key, this.fingerprint, this.sha256, ACCEPTED, upload, status, null,
					Instant.now());
		}

		Entry with(String newState, String newDetail) {
			return new Entry(this.source, this.key, this.fingerprint, this.sha256, newState, this.uploadId,
					this.statusUrl, newDetail, Instant.now());
		}

	}

}
