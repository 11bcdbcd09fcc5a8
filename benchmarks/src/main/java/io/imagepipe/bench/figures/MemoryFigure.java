package io.imagepipe.bench.figures;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import io.imagepipe.bench.corpus.Corpus;
import io.imagepipe.bench.env.JavaService;
import io.imagepipe.bench.env.Sleep;

/**
 * Figure 5: the worker's peak resident set size ({@code VmHWM} of
 * {@code /proc/<pid>/status}, over its whole life) while it works through 20 uploads of a
 * 24 MP photo sent at once, and whether it ran out of memory: it must stay alive (an
 * {@code OutOfMemoryError} ends it, as in the Docker image), log none, and finish every
 * upload at the first attempt.
 */
public final class MemoryFigure {

	private static final String FIGURE = "5 memory";

	private static final long TARGET = 1024L * 1024 * 1024;

	private MemoryFigure() {
	}

	public static List<Row> measure(Run run) {
		Uploads uploads = Uploads.asService(run);
		Corpus.Spec spec = run.mode().memoryPhoto();
		byte[] photo = run.corpus().bytes(spec);
		JavaService worker = run.services().worker();
		int count = run.mode().memoryUploads();
		AtomicLong sampled = new AtomicLong();
		long start = System.nanoTime();
		run.observed("5-memory", "figure 5, memory", Map.of(worker.pid(), "compression-worker"), () -> {
			try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
				List<Future<?>> sent = new ArrayList<>();
				for (int i = 0; i < count; i++) {
					String owner = "mem-" + i;
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
			while (finished(run) < count && worker.isAlive() && System.nanoTime() < deadline) {
				sampled.accumulateAndGet(worker.rssBytes(), Math::max);
				Sleep.millis(50);
			}
			return null;
		});
		double seconds = (System.nanoTime() - start) / 1e9;
		long peak = Math.max(worker.peakRssBytes(), sampled.get());
		long done = run.isolation()
			.number("SELECT count(*) FROM uploads WHERE owner_id LIKE 'mem-%' AND status = 'done' AND attempts = 1");
		boolean outOfMemory = !worker.isAlive() || worker.logContains("OutOfMemoryError") || done < count;
		String verdictNote = outOfMemory ? Numbers.format(" (OUT OF MEMORY or unfinished: %d of %d done at once%s)",
				done, count, worker.isAlive() ? "" : ", worker died") : ", no out-of-memory";
		return List.of(
				new Row(FIGURE,
						Numbers.format("worker peak RSS (VmHWM), %d concurrent uploads of %s, JVM defaults (infra/jvm)",
								count, spec),
						Numbers.mebibytes(peak) + verdictNote, "—", "—", "≤ 1 GiB, no out-of-memory",
						Row.Verdict.of(peak <= TARGET && !outOfMemory, true)),
				Row.info(FIGURE, "time until all were done (the worker runs one job per core); uploads answered 503",
						Numbers.format("%.1f s, %.2f images/s; %d", seconds, count / seconds, uploads.retried()), "—"));
	}

	private static long finished(Run run) {
		return run.isolation()
			.number("SELECT count(*) FROM uploads WHERE owner_id LIKE 'mem-%' AND status IN ('done', 'failed', 'superseded')");
	}

}
