package io.imagepipe.imports.legacy;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.imagepipe.imports.legacy.IngestClient.Accepted;
import io.imagepipe.imports.legacy.IngestClient.Rejected;
import io.imagepipe.imports.legacy.Journal.Entry;

/**
 * Uploads legacy images one by one through ingest-api, at most at a given rate and with
 * at most a given number of uploads still processing, follows each to its end, and
 * records every step in the journal. Prints one line per image as it goes.
 */
final class Importer {

	private static final Duration POLL_INTERVAL = Duration.ofMillis(300);

	private final IngestClient client;

	private final Journal journal;

	private final ImportOptions options;

	private final ImportProgress progress;

	private final RateLimiter rate;

	private final Map<String, Entry> inFlight = new LinkedHashMap<>();

	Importer(IngestClient client, Journal journal, ImportOptions options, PrintWriter out) {
		this.client = client;
		this.journal = journal;
		this.options = options;
		this.progress = new ImportProgress(out);
		this.rate = RateLimiter.of("image-import",
				RateLimiterConfig.custom()
					.limitForPeriod(1)
					.limitRefreshPeriod(Duration.ofNanos((long) (1_000_000_000L / options.rate())))
					.timeoutDuration(Duration.ofHours(1))
					.build());
	}

	/**
	 * Import every image, then wait for the uploads still processing.
	 * @param images the images
	 * @param total how many there are, for the progress
	 * @return the counts
	 * @throws IOException when imagepipe cannot be reached
	 * @throws InterruptedException when interrupted
	 */
	ImportProgress.Counts run(Iterable<LegacyImage> images, long total) throws IOException, InterruptedException {
		this.progress.start(total);
		for (LegacyImage image : images) {
			importOne(image);
		}
		if (!this.inFlight.isEmpty()) {
			this.progress.waiting(this.inFlight.size());
		}
		long deadline = System.nanoTime() + this.options.finishTimeout().toNanos();
		while (!this.inFlight.isEmpty()) {
			if (System.nanoTime() > deadline) {
				this.progress.gaveUpWaiting(this.inFlight.size(), this.journal.file());
				break;
			}
			pollInFlight();
		}
		return this.progress.finish(this.journal.file());
	}

	private void importOne(LegacyImage image) throws IOException, InterruptedException {
		this.progress.next(image);
		Optional<Entry> previous = this.journal.latest(image.source())
			.filter((entry) -> entry.fingerprint().equals(image.fingerprint()));
		if (previous.isPresent() && resumed(previous.get())) {
			return;
		}
		if (!this.options.overwrite() && this.client.hasImage(image.key())) {
			this.progress.hadImage();
			return;
		}
		byte[] bytes;
		try {
			bytes = image.loader().load();
		}
		catch (IOException ex) {
			reject(Entry.of(image, null), "cannot read: " + ex.getMessage());
			return;
		}
		awaitRoom();
		this.rate.acquirePermission();
		upload(image, bytes);
	}

	private boolean resumed(Entry previous) {
		switch (previous.state()) {
			case Entry.DONE -> this.progress.alreadyImported(previous.detail());
			case Entry.ACCEPTED -> {
				this.inFlight.put(previous.source(), previous);
				this.progress.resumed(previous.uploadId());
			}
			default -> {
				if (this.options.retryFailed()) {
					return false;
				}
				this.progress.failedBefore(previous.detail());
			}
		}
		return true;
	}

	private void upload(LegacyImage image, byte[] bytes) throws IOException, InterruptedException {
		IngestClient.Upload answer = this.client.upload(image.key(), bytes);
		Entry entry = Entry.of(image, LegacyImage.sha256(bytes));
		if (answer instanceof Accepted accepted) {
			entry = entry.accepted(accepted.uploadId(), accepted.statusUrl().toString());
			this.journal.record(entry);
			this.inFlight.put(entry.source(), entry);
			this.progress.accepted(accepted.uploadId());
		}
		else if (answer instanceof Rejected rejected) {
			reject(entry, rejected.status() + " " + rejected.detail());
		}
	}

	private void reject(Entry entry, String reason) {
		this.journal.record(entry.with(Entry.FAILED, reason));
		this.progress.rejected(reason);
	}

	private void fail(Entry entry, String reason) {
		this.journal.record(entry.with(Entry.FAILED, reason));
		this.progress.failed(entry.key(), reason);
	}

	private void awaitRoom() throws IOException, InterruptedException {
		while (this.inFlight.size() >= this.options.maxInFlight()) {
			pollInFlight();
		}
	}

	private void pollInFlight() throws IOException, InterruptedException {
		for (Entry entry : this.inFlight.values().stream().toList()) {
			IngestClient.Status status = this.client.status(URI.create(entry.statusUrl()));
			if (!status.isFinished()) {
				continue;
			}
			this.inFlight.remove(entry.source());
			if ("failed".equals(status.status())) {
				fail(entry, "processing failed: " + status.error());
			}
			else {
				String detail = "done".equals(status.status()) ? status.imageUrl() : "superseded by a newer upload";
				this.journal.record(entry.with(Entry.DONE, detail));
				this.progress.finished(entry.key(), detail);
			}
		}
		if (!this.inFlight.isEmpty()) {
			Thread.sleep(POLL_INTERVAL.toMillis());
		}
	}

}
