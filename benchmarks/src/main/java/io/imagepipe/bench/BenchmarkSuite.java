package io.imagepipe.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.imagepipe.bench.corpus.Corpus;
import io.imagepipe.bench.env.Isolation;
import io.imagepipe.bench.env.Machine;
import io.imagepipe.bench.env.Nginx;
import io.imagepipe.bench.env.Profiler;
import io.imagepipe.bench.env.Services;
import io.imagepipe.bench.env.ShippedPostgresSettings;
import io.imagepipe.bench.env.Sleep;
import io.imagepipe.bench.figures.ComparisonFigure;
import io.imagepipe.bench.figures.CompressionFigure;
import io.imagepipe.bench.figures.EndToEndFigure;
import io.imagepipe.bench.figures.IngestFigure;
import io.imagepipe.bench.figures.MemoryFigure;
import io.imagepipe.bench.figures.Mode;
import io.imagepipe.bench.figures.Row;
import io.imagepipe.bench.figures.Run;
import io.imagepipe.bench.figures.ServingFigure;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/bench}: measures the five figures of issue 9 next to their anchors in one
 * run on this machine and prints one table. It builds nothing (bin/bench does) and never
 * fails on speed: the exit status is 1 only when a figure could not be produced.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
		description = "Runs the benchmark suite: each figure next to its anchor (nginx, libvips), with the ratio.")
public final class BenchmarkSuite implements Callable<Integer> {

	@Option(names = "--short", description = "CI mode: tiny durations and corpus; checks that every figure is produced")
	boolean brief;

	@Option(names = "--profile", description = "Record JFR profiles of the services during each measurement")
	boolean profile;

	@Option(names = "--quiet-load", defaultValue = "1.5",
			description = "Wait until the 1-minute load average is below this before measuring (full mode)")
	double quietLoad;

	@Option(names = "--max-wait", defaultValue = "15m",
			description = "Wait at most this long for the machine to be quiet: 15m, 0 to not wait")
	String maxWait;

	@Option(names = "--only", split = ",", description = "Measure only these figures (1 to 6), for development")
	Set<Integer> only;

	@Option(names = "--repository", defaultValue = ".", description = "The repository root")
	Path repository;

	public static void main(String[] args) {
		System.exit(new CommandLine(new BenchmarkSuite()).execute(args));
	}

	@Override
	public Integer call() throws Exception {
		Path root = this.repository.toAbsolutePath().normalize();
		Mode mode = this.brief ? Mode.brief() : Mode.full();
		Path work = root.resolve("benchmarks/target/bench");
		Files.createDirectories(work);
		if (mode.judged()) {
			awaitQuiet();
		}
		String machine = Machine.describe();
		Instant started = Instant.now();
		Corpus corpus = new Corpus(work.resolve("corpus"), root.resolve("test-images/exif-orientation"));
		Profiler profiler = Profiler.into(this.profile ? work.resolve("profiles") : null);
		Run run = Run.offline(mode, root, work, corpus, profiler);
		Table table = new Table();
		List<String> failures = new ArrayList<>();
		// on Ctrl-C: stop what this run started (services, nginx, wrk, vipsthumbnail)
		Runtime.getRuntime()
			.addShutdownHook(new Thread(() -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroy),
					"bench-stop-processes"));
		figure(2, "compression", run, CompressionFigure::measure, table, failures);
		String postgres = "";
		if (wanted(1) || wanted(3) || wanted(4) || wanted(5) || wanted(6)) {
			try (Isolation isolation = Isolation.create();
					ShippedPostgresSettings settings = ShippedPostgresSettings
						.apply(root.resolve("infra/docker-compose.yml"), isolation);
					Nginx nginx = Nginx.start(work.resolve("nginx"));
					Services services = Services.start(root, version(root), isolation, work.resolve("logs"))) {
				postgres = "\n" + settings.description();
				System.err.println(settings.description());
				Run online = run.online(isolation, services, nginx);
				figure(4, "end to end", online, EndToEndFigure::measure, table, failures);
				figure(6, "end to end vs libvips", online, ComparisonFigure::measure, table, failures);
				figure(1, "serving", online, ServingFigure::measure, table, failures);
				figure(5, "memory", online, MemoryFigure::measure, table, failures);
				figure(3, "ingest", online, IngestFigure::measure, table, failures);
			}
			catch (RuntimeException ex) {
				ex.printStackTrace();
				failures.add("the services or nginx did not start, so figures 1, 3, 4, 5 and 6 are missing: " + ex);
			}
		}
		String report = Report.of(command(), mode, machine + postgres, started, table, run, failures,
				Machine.loadAverage());
		Files.writeString(work.resolve("results.md"), report);
		System.out.println(report);
		System.out.println("Written to " + work.resolve("results.md"));
		return failures.isEmpty() ? 0 : 1;
	}

	private void figure(int number, String name, Run run, Function<Run, List<Row>> measure, Table table,
			List<String> failures) {
		if (!wanted(number)) {
			return;
		}
		System.err.println("== figure " + number + ": " + name + " (load average " + Machine.loadAverage() + ")");
		try {
			List<Row> rows = measure.apply(run);
			table.addAll(rows);
			rows.forEach((row) -> System.err.println("   " + row.measure() + ": " + row.value() + " | " + row.anchor()
					+ " | " + row.ratio() + " | " + row.verdict()));
		}
		catch (RuntimeException ex) {
			ex.printStackTrace();
			failures.add("figure " + number + " (" + name + "): " + ex);
			table.add(new Row(number + " " + name, "not produced: " + ex.getMessage(), "—", "—", "—", "—",
					Row.Verdict.INFO));
		}
	}

	private boolean wanted(int figure) {
		return this.only == null || this.only.isEmpty() || this.only.contains(figure);
	}

	private void awaitQuiet() {
		Duration limit = parse(this.maxWait);
		long deadline = System.nanoTime() + limit.toNanos();
		while (Machine.oneMinuteLoad() >= this.quietLoad && System.nanoTime() < deadline) {
			System.err.println("Waiting for a quiet machine: load average " + Machine.loadAverage() + ", want the "
					+ "1-minute figure below " + this.quietLoad + " (at most " + limit.toMinutes() + " min) ...");
			Sleep.millis(30_000);
		}
		if (Machine.oneMinuteLoad() >= this.quietLoad) {
			System.err
				.println("The machine did not get quiet; measuring anyway at load average " + Machine.loadAverage());
		}
	}

	private static Duration parse(String text) {
		String value = text.trim().toLowerCase(Locale.ROOT);
		if (value.endsWith("m")) {
			return Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
		}
		if (value.endsWith("s")) {
			return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
		}
		return Duration.ofMinutes(Long.parseLong(value));
	}

	static String version(Path root) throws IOException {
		Matcher matcher = Pattern.compile("<revision>([^<]+)</revision>")
			.matcher(Files.readString(root.resolve("pom.xml")));
		if (!matcher.find()) {
			throw new IllegalStateException("No <revision> in " + root.resolve("pom.xml"));
		}
		return matcher.group(1);
	}

	private String command() {
		StringBuilder command = new StringBuilder("bin/bench");
		if (this.brief) {
			command.append(" --short");
		}
		if (this.profile) {
			command.append(" --profile");
		}
		if (this.only != null && !this.only.isEmpty()) {
			command.append(" --only ")
				.append(this.only.stream().sorted().map(String::valueOf).collect(Collectors.joining(",")));
		}
		return command.toString();
	}

}
