package io.imagepipe.bench.figures;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.imagepipe.bench.corpus.Corpus;

/**
 * Figure 4: the time from the start of an upload of a 2 MP photo to the moment its
 * versioned URL serves it, on an idle queue: upload, wait for the upload's {@code ready}
 * event as the upload component does, then fetch the image until serving-api answers 200.
 * Uploads one after another, after {@link #WARMUPS} that warm up the path. The services
 * have just started: their first requests run in the interpreter and then in C1's
 * profiling code, and compete with the JIT compiler for the two cores. A deployment that
 * has served a few hundred uploads is past that, so the figure is measured there, and the
 * first {@link #COLD} uploads after the start are reported beside it.
 */
public final class EndToEndFigure {

	/** A 2 MP photo (1800 × 1200), as a phone sends after its own resizing. */
	static final Corpus.Spec PHOTO = new Corpus.Spec("jpg", 1800, 1200, 2);

	private static final String FIGURE = "4 end to end";

	private static final Duration TIMEOUT = Duration.ofMinutes(2);

	/**
	 * Uploads before the measured ones, in a judged run; two otherwise. With 30,
	 * ingest-api still spent 50 ms of CPU per upload (30 when warm), and its 202 took 27
	 * ms on average (17 ms when warm).
	 */
	static final int WARMUPS = 300;

	/** The first warm-up uploads, whose p50 is reported as the fresh start's. */
	static final int COLD = 30;

	private static final double TARGET_MILLIS = 150;

	private EndToEndFigure() {
	}

	public static List<Row> measure(Run run) {
		Uploads uploads = Uploads.asService(run);
		byte[] photo = run.corpus().bytes(PHOTO);
		if (!run.isolation().awaitIdle(TIMEOUT)) {
			throw new IllegalStateException("The queue is not idle");
		}
		List<Double> cold = new ArrayList<>();
		for (int i = 0; i < (run.mode().judged() ? WARMUPS : 2); i++) {
			Sample sample = once(uploads, "warmup-" + i, photo);
			if (i < COLD) {
				cold.add(sample.totalMillis());
			}
		}
		Map<Long, String> jvms = Map.of(run.services().ingest().pid(), "ingest-api", run.services().worker().pid(),
				"compression-worker", run.services().serving().pid(), "serving-api");
		List<Sample> samples = run.observed("4-end-to-end", "figure 4, end to end", jvms, () -> {
			List<Sample> measured = new ArrayList<>();
			for (int i = 0; i < run.mode().endToEndSamples(); i++) {
				measured.add(once(uploads, "e2e-" + i, photo));
			}
			return measured;
		});
		List<Double> millis = samples.stream().map(Sample::totalMillis).toList();
		double ack = samples.stream().mapToDouble(Sample::ackMillis).average().orElse(0);
		double p50 = Numbers.percentile(millis, 50);
		double p99 = Numbers.percentile(millis, 99);
		String measure = Numbers.format("upload → servable, p50, %s %s, %d uploads one at a time, idle queue",
				Numbers.kilobytes(photo.length), PHOTO, millis.size());
		return List.of(
				new Row(FIGURE, measure, Numbers.millis(p50), "—", "—", "p50 ≤ 150 ms",
						Row.Verdict.of(p50 <= TARGET_MILLIS, run.mode().judged())),
				Row.info(FIGURE, "p99", Numbers.millis(p99), "—"),
				Row.info(FIGURE,
						Numbers.format(
								"p50 of the first %d uploads after the services started (warm-up, JIT compiling)",
								cold.size()),
						Numbers.millis(Numbers.percentile(cold, 50)), "—"),
				Row.info(FIGURE, "of which, means: 202 answer / queued → picked up / picked up → done (encode)",
						breakdown(run, ack), "—"));
	}

	private static Sample once(Uploads uploads, String owner, byte[] photo) {
		long start = System.nanoTime();
		URI status = uploads.upload(owner, photo);
		long acknowledged = System.nanoTime();
		URI image = uploads.awaitDone(status, TIMEOUT);
		int code = uploads.awaitServed(image, TIMEOUT).statusCode();
		if (code != 200) {
			throw new IllegalStateException(image + " answered " + code);
		}
		return new Sample((System.nanoTime() - start) / 1e6, (acknowledged - start) / 1e6);
	}

	private static String breakdown(Run run, double ack) {
		String where = " FROM uploads u JOIN images i ON i.upload_id = u.id WHERE u.owner_id LIKE 'e2e-%'";
		long pickup = run.isolation()
			.number("SELECT round(avg(extract(epoch FROM u.started_at - u.created_at)) * 1000)" + where);
		long done = run.isolation()
			.number("SELECT round(avg(extract(epoch FROM u.finished_at - u.started_at)) * 1000)" + where);
		long encode = run.isolation().number("SELECT round(avg(i.encode_millis))" + where);
		return Numbers.format("%s / %d ms / %d ms (%d ms)", Numbers.millis(ack), pickup, done, encode);
	}

	/**
	 * One upload's times.
	 *
	 * @param totalMillis from the start of the upload to the image served
	 * @param ackMillis from the start of the upload to its 202 answer
	 */
	private record Sample(double totalMillis, double ackMillis) {
	}

}
