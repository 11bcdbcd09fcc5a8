package io.imagepipe.bench.env;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Profiles a figure's measurement when asked ({@code bin/bench --profile}): a JFR
 * recording with the {@code profile} settings and CPU-time sampling in every JVM that
 * takes part, started and stopped with {@code jcmd}, each summarised into its top frames
 * by {@link JfrSummary}. The recordings stay next to the summary for {@code jfr print} or
 * JMC.
 */
public final class Profiler {

	private final Path folder;

	private Profiler(Path folder) {
		this.folder = folder;
	}

	/**
	 * A profiler that records into a folder, or none.
	 * @param folder where recordings and summaries go, or {@code null} to profile nothing
	 * @return the profiler
	 */
	public static Profiler into(Path folder) {
		return new Profiler(folder);
	}

	public boolean enabled() {
		return this.folder != null;
	}

	/**
	 * Start recording in JVMs.
	 * @param figure the name of the recording, such as {@code 1-serving}
	 * @param jvms pid to name of each JVM to record
	 * @return the recording, to stop after the measurement
	 */
	public Recording start(String figure, Map<Long, String> jvms) {
		if (enabled()) {
			jvms.forEach((pid, name) -> {
				try {
					// JDK 25's CPU-time sampler (JEP 509) sees threads in native code
					// (libjpeg,
					// libwebp, zlib) too, and never an idle thread
					jcmd(pid, "JFR.start", "name=" + figure, "settings=profile", "jdk.CPUTimeSample#enabled=true",
							"jdk.CPUTimeSample#throttle=10ms");
				}
				catch (RuntimeException ex) {
					jcmd(pid, "JFR.start", "name=" + figure, "settings=profile");
				}
			});
		}
		return new Recording(figure, jvms);
	}

	private static void jcmd(long pid, String... arguments) {
		List<String> command = new java.util.ArrayList<>(List.of(jcmdBinary(), String.valueOf(pid)));
		command.addAll(List.of(arguments));
		Commands.run(Duration.ofSeconds(60), command);
	}

	private static String jcmdBinary() {
		Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
		return Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd";
	}

	/**
	 * One figure's recordings.
	 */
	public final class Recording {

		private final String figure;

		private final Map<Long, String> jvms;

		private Recording(String figure, Map<Long, String> jvms) {
			this.figure = figure;
			this.jvms = jvms;
		}

		/**
		 * Stop recording and summarise each JVM's samples.
		 * @return the summaries, as Markdown, or empty when not profiling
		 */
		public String stop() {
			if (!enabled()) {
				return "";
			}
			StringBuilder report = new StringBuilder();
			this.jvms.forEach((pid, name) -> {
				Path file = Profiler.this.folder.resolve(this.figure + "-" + name.split(" ")[0] + ".jfr");
				try {
					Files.createDirectories(Profiler.this.folder);
					jcmd(pid, "JFR.stop", "name=" + this.figure, "filename=" + file);
					report.append(JfrSummary.of(file, this.figure + ", " + name)).append('\n');
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
				catch (RuntimeException ex) {
					report.append("(no profile of ").append(name).append(": ").append(ex.getMessage()).append(")\n");
				}
			});
			return report.toString();
		}

	}

}
