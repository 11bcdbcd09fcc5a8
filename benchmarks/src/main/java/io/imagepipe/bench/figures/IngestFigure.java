package io.imagepipe.bench.figures;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.imagepipe.bench.corpus.Corpus;
import io.imagepipe.bench.env.Wrk;

/**
 * Figure 3: the latency of ingest-api's acknowledgement (202) of a 2 MB upload, sent as
 * the raw body by wrk at 1 and at 32 connections, each to an image of its own, with a
 * bearer token with the service role, next to nginx reading the same request (token
 * included) into memory and answering 202. The worker is stopped first, so that the
 * uploads stay queued and compression takes no CPU from what is measured.
 */
public final class IngestFigure {

	/** A phone photo of about 2 MB (8 MP). */
	static final Corpus.Spec BODY = new Corpus.Spec("jpg", 3264, 2448, 9);

	private static final String FIGURE = "3 ingest";

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
		String ingestUrl = run.services().ingestUrl().toString();
		String nginxUrl = run.nginx().url("/");
		boolean judged = run.mode().judged();
		List<Row> rows = new ArrayList<>();
		for (int clients : List.of(1, run.mode().highConcurrency())) {
			Wrk.Result nginx = load(run, nginxUrl, nginxScript, clients, "3-ingest-nginx-c" + clients, false);
			Wrk.Result ingest = load(run, ingestUrl, ingestScript, clients, "3-ingest-c" + clients, true);
			double ratio = ingest.p99Millis() / nginx.p99Millis();
			rows.add(new Row(FIGURE,
					Numbers.format("202 latency p50 / p95 / p99, %s JPEG body, %d client%s", size, clients,
							clients == 1 ? "" : "s"),
					latencies(ingest) + ServingFigure.errors(ingest),
					latencies(nginx) + " (nginx)" + ServingFigure.errors(nginx),
					Numbers.format("p99 %s", Numbers.ratio(ratio)), "p99 ≤ 3× nginx",
					Row.Verdict.of(ratio <= 3 && ingest.failed() == 0, judged)));
			if (clients > 1) {
				int cores = Runtime.getRuntime().availableProcessors();
				double accepted = accepted(ingest);
				rows.add(new Row(FIGURE,
						Numbers.format("uploads accepted (202) per s, %d clients, %d cores", clients, cores),
						Numbers.rate(accepted), Numbers.rate(nginx.perSecond()) + " (nginx)", "—", "≥ 100/s on 2 cores",
						Row.Verdict.of(accepted >= 100, judged)));
			}
		}
		return rows;
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
		Mode mode = run.mode();
		Wrk.run(url, clients, mode.warmup(), script, Map.of());
		Map<Long, String> jvm = ingest ? Map.of(run.services().ingest().pid(), "ingest-api") : Map.of();
		return run.observed(figure, "figure 3, " + (ingest ? "ingest-api" : "nginx") + ", " + clients + " client(s)",
				jvm, () -> Wrk.run(url, clients, mode.duration(), script, Map.of()));
	}

}
