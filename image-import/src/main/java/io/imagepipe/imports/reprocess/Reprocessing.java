package io.imagepipe.imports.reprocess;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;

/**
 * One pass of a reprocess run: walks the images in key order from where the state says,
 * queues each eligible one again at most at the given rate and with at most the given
 * number of its uploads unfinished, saves the state after every image, and waits for the
 * last ones.
 */
final class Reprocessing {

	private static final Duration POLL_INTERVAL = Duration.ofMillis(500);

	private static final int PAGE = 100;

	private final StoredUploads uploads;

	private final Path stateFile;

	private final int maxInFlight;

	private final Duration finishTimeout;

	private final PrintWriter out;

	private final RateLimiter rate;

	private final Set<UUID> inFlight = new LinkedHashSet<>();

	private long done;

	private long failed;

	private long queued;

	private long total;

	Reprocessing(StoredUploads uploads, Path stateFile, double rate, int maxInFlight, Duration finishTimeout,
			PrintWriter out) {
		this.uploads = uploads;
		this.stateFile = stateFile;
		this.maxInFlight = maxInFlight;
		this.finishTimeout = finishTimeout;
		this.out = out;
		this.rate = RateLimiter.of("reprocess",
				RateLimiterConfig.custom()
					.limitForPeriod(1)
					.limitRefreshPeriod(Duration.ofNanos((long) (1_000_000_000L / rate)))
					.timeoutDuration(Duration.ofHours(1))
					.build());
	}

	/**
	 * Run the pass.
	 * @param start the state to start from
	 * @return how many of the images queued in this pass failed
	 * @throws SQLException when the database fails
	 * @throws IOException when the state cannot be saved
	 * @throws InterruptedException when interrupted
	 */
	long run(ReprocessState start) throws SQLException, IOException, InterruptedException {
		long began = System.nanoTime();
		ReprocessState state = start;
		this.total = this.uploads.countEligible(state.startedAt(), state.lastKey());
		print("Reprocessing %d image(s) whose newest upload is older than %s%s", this.total, state.startedAt(),
				state.lastKey().isEmpty() ? "" : ", after " + state.lastKey());
		List<StoredUploads.Newest> page = this.uploads.next(state.startedAt(), state.lastKey(), PAGE);
		while (!page.isEmpty()) {
			for (StoredUploads.Newest newest : page) {
				boolean queuedIt = newest.eligible() && requeue(newest);
				state = state.past(newest.key(), queuedIt);
				state.save(this.stateFile);
			}
			page = this.uploads.next(state.startedAt(), state.lastKey(), PAGE);
		}
		awaitAll();
		state.finished(this.uploads.now()).save(this.stateFile);
		print("Summary: %d image(s) queued again: %d done, %d failed, %d still processing (%.1f s, state %s)",
				this.queued, this.done, this.failed, this.inFlight.size(), (System.nanoTime() - began) / 1e9,
				this.stateFile);
		return this.failed;
	}

	private boolean requeue(StoredUploads.Newest newest) throws SQLException, InterruptedException {
		while (this.inFlight.size() >= this.maxInFlight) {
			poll();
			Thread.sleep(POLL_INTERVAL.toMillis());
		}
		this.rate.acquirePermission();
		UUID id = this.uploads.requeue(newest.id());
		if (id == null) {
			print("  skipped %s: a newer upload came in", newest.key());
			return false;
		}
		this.inFlight.add(id);
		this.queued++;
		int width = String.valueOf(this.total).length();
		print("[%" + width + "d/%d] %s queued again as upload %s (%d done, %d failed, %d in flight)", this.queued,
				this.total, newest.key(), id, this.done, this.failed, this.inFlight.size());
		return true;
	}

	private void awaitAll() throws SQLException, InterruptedException {
		if (this.inFlight.isEmpty()) {
			return;
		}
		print("Waiting for %d upload(s) to finish ...", this.inFlight.size());
		long deadline = System.nanoTime() + this.finishTimeout.toNanos();
		while (!this.inFlight.isEmpty() && System.nanoTime() < deadline) {
			poll();
			if (!this.inFlight.isEmpty()) {
				Thread.sleep(POLL_INTERVAL.toMillis());
			}
		}
	}

	private void poll() throws SQLException {
		Map<UUID, String[]> statuses = this.uploads.statuses(this.inFlight);
		for (Map.Entry<UUID, String[]> entry : statuses.entrySet()) {
			String status = entry.getValue()[0];
			if ("failed".equals(status)) {
				this.failed++;
				print("  FAILED upload %s: %s", entry.getKey(), entry.getValue()[1]);
			}
			else if ("done".equals(status) || "superseded".equals(status) || "deleted".equals(status)) {
				// superseded by a newer upload, or the image was deleted meanwhile:
				// nothing to remake
				this.done++;
			}
			else {
				continue;
			}
			this.inFlight.remove(entry.getKey());
		}
	}

	private void print(String format, Object... arguments) {
		this.out.println(String.format(Locale.ROOT, format, arguments));
		this.out.flush();
	}

}
