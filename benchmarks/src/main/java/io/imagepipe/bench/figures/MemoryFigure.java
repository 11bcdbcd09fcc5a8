package io.imagepipe.bench.figures;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import io.imagepipe.bench.corpus.Corpus;
import io.imagepipe.bench.env.JavaService;
import io.imagepipe.bench.env.Sleep;

/**
 * Figure 5: the worker's peak resident set size ({@code VmHWM} of
 * {@code /proc/<pid>/status}, over its whole life) while it works through 20 uploads of a
 * 24 MP photo sent at once, and whether it ran out of memory: it must stay alive (an
 * {@code OutOfMemoryError} ends it, as in the Docker image), log none, and finish every
 * upload at the first attempt. Then the worst case, on a worker started afresh: a 50 MP
 * progressive JPEG and a 50 MP 16-bit PNG at once.
 */
public final class MemoryFigure {

	private static final String FIGURE = "5 memory";

	private static final long TARGET = 512L * 1024 * 1024;

	private static final String TARGET_TEXT = "≤ 512 MiB, no out-of-memory";

	private MemoryFigure() {
	}

	public static List<Row> measure(Run run) {
		Uploads uploads = Uploads.asService(run);
		Corpus.Spec spec = run.mode().memoryPhoto();
		byte[] photo = run.corpus().bytes(spec);
		int count = run.mode().memoryUploads();
		List<byte[]> photos = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			photos.add(photo);
		}
		long start = System.nanoTime();
		Peak peak = uploadAtOnce(run, uploads, "mem-", photos, "figure 5, memory");
		double seconds = (System.nanoTime() - start) / 1e9;
		List<Row> rows = new ArrayList<>();
		rows.add(new Row(FIGURE,
				Numbers.format("worker peak RSS (VmHWM), %d concurrent uploads of %s, JVM defaults (infra/jvm)", count,
						spec),
				Numbers.mebibytes(peak.bytes()) + peak.note(), "—", "—", TARGET_TEXT,
				Row.Verdict.of(peak.bytes() <= TARGET && !peak.outOfMemory(), true)));
		rows.add(Row.info(FIGURE, "time until all were done (the worker runs one job per core); uploads answered 503",
				Numbers.format("%.1f s, %.2f images/s; %d", seconds, count / seconds, uploads.retried()), "—"));
		rows.add(worstCase(run, uploads));
		return rows;
	}

	/**
	 * The worst cases for memory, which no decode can scale down on its own (a
	 * progressive JPEG's coefficients are kept whole, a 16-bit PNG is read whole by
	 * ImageIO), uploaded at once to a worker started afresh so that its peak is theirs.
	 */
	private static Row worstCase(Run run, Uploads uploads) {
		List<Corpus.Spec> specs = run.mode().worstCase();
		List<byte[]> photos = specs.stream().map(run.corpus()::bytes).toList();
		run.services().restartWorker();
		Peak peak = uploadAtOnce(run, uploads, "worst-", photos, "figure 5, memory, worst case");
		String what = specs.stream().map(Corpus.Spec::toString).collect(Collectors.joining(" and "));
		return new Row(FIGURE,
				Numbers.format("worst case: worker peak RSS (VmHWM), %s uploaded at once to a fresh worker, JVM "
						+ "defaults (infra/jvm)", what),
				Numbers.mebibytes(peak.bytes()) + peak.note(), "—", "—", TARGET_TEXT,
				Row.Verdict.of(peak.bytes() <= TARGET && !peak.outOfMemory(), true));
	}

	private static Peak uploadAtOnce(Run run, Uploads uploads, String prefix, List<byte[]> photos, String what) {
		JavaService worker = run.services().worker();
		int count = photos.size();
		AtomicLong sampled = new AtomicLong();
		run.observed(prefix.equals("mem-") ? "5-memory" : "5-memory-worst-case", what,
				Map.of(worker.pid(), "compression-worker"), () -> {
					try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
						List<Future<?>> sent = new ArrayList<>();
						for (int i = 0; i < count; i++) {
							String owner = prefix + i;
							byte[] photo = photos.get(i);
							sent.add(clients.submit(() -> uploads.upload(owner, photo)));
						}
						for (Future<?> upload : sent) {
							upload.get();
						}
					}
					catch (Exception ex) {
						throw new IllegalStateException("An upload of figure 5 failed", ex);
					}
					long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
					while (finished(run, prefix) < count && worker.isAlive() && System.nanoTime() < deadline) {
						sampled.accumulateAndGet(worker.rssBytes(), Math::max);
						Sleep.millis(50);
					}
					return null;
				});
		long peak = Math.max(worker.peakRssBytes(), sampled.get());
		long done = run.isolation()
			.number("SELECT count(*) FROM uploads WHERE owner_id LIKE '" + prefix
					+ "%' AND status = 'done' AND attempts = 1");
		boolean outOfMemory = !worker.isAlive() || worker.logContains("OutOfMemoryError") || done < count;
		String note = outOfMemory ? Numbers.format(" (OUT OF MEMORY or unfinished: %d of %d done at once%s)", done,
				count, worker.isAlive() ? "" : ", worker died") : ", no out-of-memory";
		return new Peak(peak, outOfMemory, note);
	}

	private static long finished(Run run, String prefix) {
		return run.isolation()
			.number("SELECT count(*) FROM uploads WHERE owner_id LIKE '" + prefix
					+ "%' AND status IN ('done', 'failed', 'superseded')");
	}

	/**
	 * The worker's peak over a measurement.
	 *
	 * @param bytes the peak RSS
	 * @param outOfMemory whether it ran out of memory or left an upload unfinished
	 * @param note what the table says after the number
	 */
	private record Peak(long bytes, boolean outOfMemory, String note) {
	}

}
