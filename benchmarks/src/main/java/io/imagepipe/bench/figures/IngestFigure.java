package io.imagepipe.bench.figures;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.imagepipe.bench.corpus.Corpus;
import io.imagepipe.bench.env.Wrk;

/**
 * Figure 3: the latency of ingest-api's acknowledgement (202) of a 2 MB upload, sent as
 * the raw body by wrk at 1 and at 32 connections, each wrk thread to 64 images of its own
 * in turn ({@link Wrk#postScript}), with a bearer token with the service role, next to
 * nginx reading the same request (token included) into memory and answering 202, and next
 * to the storage floor: the same bytes inserted over bare JDBC into a table of the same
 * shape by as many connections ({@link StorageFloor}). When judged, the floor and
 * ingest-api's raw uploads alternate, three runs each, and each of their statistics is
 * the median of its side's runs. The same upload as a browser's multipart form is
 * measured too. The worker is stopped first, so that the uploads stay queued and
 * compression takes no CPU from what is measured.
 */
public final class IngestFigure {

	/** A phone photo of about 2 MB (8 MP). */
	static final Corpus.Spec BODY = new Corpus.Spec("jpg", 3264, 2448, 9);

	private static final String FIGURE = "3 ingest";

	/**
	 * Uploads sent before anything is measured, when judged (about 300 at one client).
	 */
	private static final java.time.Duration WARM_UP = java.time.Duration.ofSeconds(12);

	private IngestFigure() {
	}

	public static List<Row> measure(Run run) {
		run.services().stopWorker();
		Path body = run.corpus().file(BODY);
		String size = Numbers.format("%.1f MB", body.toFile().length() / 1e6);
		Path scripts = run.work().resolve("wrk");
		// one upload first: should ingest-api refuse the token, the figure stops with
		// its answer rather than measuring a load of errors
		Uploads.asService(run).upload("b-token-check", run.corpus().bytes(EndToEndFigure.PHOTO));
		Map<String, String> token = Map.of("Authorization", "Bearer " + run.services().serviceToken());
		Path ingestScript = Wrk.postScript(scripts, body, "image/jpeg", "/api/v1/images/users/b{n}/profile", token);
		Path nginxScript = Wrk.postScript(scripts.resolve("nginx"), body, "image/jpeg", "/upload", token);
		Path form = multipart(scripts.resolve("multipart"), body);
		Path multipartScript = Wrk.postScript(scripts.resolve("multipart"), form,
				"multipart/form-data; boundary=" + BOUNDARY, "/api/v1/images/users/m{n}/profile", token);
		StorageFloor floor = new StorageFloor(run.isolation(), read(body), BODY.width(), BODY.height());
		String ingestUrl = run.services().ingestUrl().toString();
		String nginxUrl = run.nginx().url("/");
		boolean judged = run.mode().judged();
		if (judged) {
			// warm, as figure 4 measures: a deployment has taken more uploads than one
			// warm-up run's (about 75 at one client), and ingest-api's first hundreds of
			// uploads are slower while its code is compiled
			Wrk.run(ingestUrl, 1, WARM_UP, ingestScript, Map.of());
		}
		List<Row> rows = new ArrayList<>();
		for (int clients : List.of(1, run.mode().highConcurrency())) {
			String plural = (clients == 1) ? "" : "s";
			Wrk.Result nginx = load(run, nginxUrl, nginxScript, clients, "3-ingest-nginx-c" + clients, false);
			// the floor and ingest-api alternate, three runs each when judged, and each
			// statistic is the median of its side's runs: how fast this machine's
			// PostgreSQL stores 2 MB swings with what its disk is doing (a bare insert's
			// p50 went from 10 to 16 ms and back between runs minutes apart); each side
			// that writes starts with no checkpoint under way (Isolation.checkpoint)
			List<Wrk.Result> floors = new ArrayList<>();
			List<Wrk.Result> ingests = new ArrayList<>();
			for (int round = 1; round <= (judged ? 3 : 1); round++) {
				String suffix = (judged) ? ", run " + round : "";
				run.isolation().checkpoint();
				floors.add(run.observed("3-ingest-floor-c" + clients + "-" + round,
						"figure 3, storage floor (bare JDBC), " + clients + " connection(s)" + suffix, Map.of(),
						() -> floor.measure(clients, run.mode().warmup(), run.mode().duration()),
						IngestFigure::measured));
				run.isolation().checkpoint();
				ingests.add(load(run, ingestUrl, ingestScript, clients, "3-ingest-c" + clients + "-" + round, true,
						suffix));
			}
			Wrk.Result stored = median(floors);
			Wrk.Result ingest = median(ingests);
			String medians = (floors.size() > 1)
					? Numbers.format("; medians of %d runs each, alternating", floors.size()) : "";
			run.isolation().checkpoint();
			Wrk.Result browser = load(run, ingestUrl, multipartScript, clients, "3-ingest-multipart-c" + clients, true);
			double ratio = ingest.p99Millis() / nginx.p99Millis();
			rows.add(
					new Row(FIGURE,
							Numbers.format("202 latency p50 / p95 / p99, %s JPEG body, %d client%s", size, clients,
									plural),
							latencies(ingest) + ServingFigure.errors(ingest),
							latencies(nginx) + " (nginx)" + ServingFigure.errors(nginx),
							Numbers.format("p99 %s", Numbers.ratio(ratio)), "p99 ≤ 3× nginx",
							Row.Verdict.of(ratio <= 3 && ingest.failed() == 0, judged)));
			double floorRatio = ingest.p99Millis() / stored.p99Millis();
			rows.add(new Row(FIGURE,
					Numbers.format("202 latency p50 / p95 / p99 against the storage floor (bare JDBC INSERT of "
							+ "the same bytes, same table shape), %d connection%s%s", clients, plural, medians),
					latencies(ingest), latencies(stored) + " (floor)" + ServingFigure.errors(stored),
					(clients == 1) ? Numbers.format("p95 %s", Numbers.ratio(ingest.p95Millis() / stored.p95Millis()))
							: Numbers.format("p99 %s", Numbers.ratio(floorRatio)),
					(clients == 1) ? "p95 ≤ 30 ms" : "p99 ≤ 2× floor",
					Row.Verdict.of((clients == 1) ? ingest.p95Millis() <= 30 : floorRatio <= 2, judged)));
			rows.add(Row.info(FIGURE,
					Numbers.format("202 latency p50 / p95 / p99, the same JPEG as a multipart form (a browser's "
							+ "upload), %d client%s", clients, plural),
					latencies(browser) + ServingFigure.errors(browser), latencies(ingest) + " (raw body)"));
			if (clients > 1) {
				int cores = Runtime.getRuntime().availableProcessors();
				double accepted = accepted(ingest);
				rows.add(new Row(FIGURE,
						Numbers.format("uploads accepted (202) per s, %d clients, %d cores", clients, cores),
						Numbers.rate(accepted), Numbers.rate(nginx.perSecond()) + " (nginx)", "—", "≥ 100/s on 2 cores",
						Row.Verdict.of(accepted >= 100, judged)));
				double floorRate = accepted / stored.perSecond();
				rows.add(new Row(FIGURE,
						Numbers.format("uploads accepted (202) per s against the storage floor, %d connections%s",
								clients, medians),
						Numbers.rate(accepted), Numbers.rate(stored.perSecond()) + " (floor)", Numbers.ratio(floorRate),
						"≥ 0.8× floor", Row.Verdict.of(floorRate >= 0.8, judged)));
				rows.add(Row.info(FIGURE, Numbers.format("multipart uploads accepted (202) per s, %d clients", clients),
						Numbers.rate(accepted(browser)), Numbers.rate(accepted) + " (raw body)"));
			}
		}
		return rows;
	}

	private static final String BOUNDARY = "imagepipe-bench-form";

	/**
	 * The body as a browser sends it from a form: one {@code file} part.
	 */
	private static Path multipart(Path folder, Path body) {
		try {
			Files.createDirectories(folder);
			Path form = folder.resolve("form-" + body.getFileName());
			try (OutputStream out = Files.newOutputStream(form)) {
				out.write(("--" + BOUNDARY
						+ "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"photo.jpg\"\r\n"
						+ "Content-Type: image/jpeg\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
				Files.copy(body, out);
				out.write(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
			}
			return form;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static byte[] read(Path file) {
		try {
			return Files.readAllBytes(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String latencies(Wrk.Result result) {
		return Numbers.millis(result.p50Millis()) + " / " + Numbers.millis(result.p95Millis()) + " / "
				+ Numbers.millis(result.p99Millis());
	}

	/**
	 * The rate of 202 answers: wrk's rate counts every answer, a 503 too.
	 */
	private static double accepted(Wrk.Result result) {
		return (result.requests() == 0) ? 0
				: result.perSecond() * (result.requests() - result.failed()) / result.requests();
	}

	private static Wrk.Result load(Run run, String url, Path script, int clients, String figure, boolean ingest) {
		return load(run, url, script, clients, figure, ingest, "");
	}

	private static Wrk.Result load(Run run, String url, Path script, int clients, String figure, boolean ingest,
			String suffix) {
		Mode mode = run.mode();
		Wrk.run(url, clients, mode.warmup(), script, Map.of());
		Map<Long, String> jvm = ingest ? Map.of(run.services().ingest().pid(), "ingest-api") : Map.of();
		return run.observed(figure,
				"figure 3, " + (ingest ? "ingest-api" : "nginx") + ", " + clients + " client(s)" + suffix, jvm,
				() -> Wrk.run(url, clients, mode.duration(), script, Map.of()), IngestFigure::measured);
	}

	/**
	 * One run's figures, for its line in the notes: each of the medians comes from these.
	 */
	static String measured(Wrk.Result result) {
		return Numbers.format("%s/s, p50 / p95 / p99 %s", Numbers.rate(result.perSecond()), latencies(result));
	}

	/**
	 * Each statistic's median over runs of one side: the rate, and each percentile of the
	 * latency; the requests and failures are the runs' sums.
	 */
	static Wrk.Result median(List<Wrk.Result> runs) {
		return new Wrk.Result(middle(runs, Wrk.Result::perSecond), runs.stream().mapToLong(Wrk.Result::requests).sum(),
				runs.stream().mapToLong(Wrk.Result::failed).sum(), middle(runs, Wrk.Result::p50Millis),
				middle(runs, Wrk.Result::p95Millis), middle(runs, Wrk.Result::p99Millis), "");
	}

	private static double middle(List<Wrk.Result> runs, java.util.function.ToDoubleFunction<Wrk.Result> statistic) {
		double[] values = runs.stream().mapToDouble(statistic).sorted().toArray();
		return values[values.length / 2];
	}

}
