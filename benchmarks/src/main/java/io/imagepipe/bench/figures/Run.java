package io.imagepipe.bench.figures;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.imagepipe.bench.corpus.Corpus;
import io.imagepipe.bench.env.CpuMeter;
import io.imagepipe.bench.env.Isolation;
import io.imagepipe.bench.env.Nginx;
import io.imagepipe.bench.env.Profiler;
import io.imagepipe.bench.env.Services;

/**
 * What the figures share in a run: its mode, the corpus, the running services and nginx
 * (absent while figure 2 runs, before they start), the profiler, and the notes that go
 * under the table: where the CPU went during each measurement, and the profiles.
 *
 * @param mode the run's durations and sizes
 * @param repository the repository root
 * @param work the run's folder under {@code target/}
 * @param corpus the photos
 * @param profiler JFR profiles, when asked for
 * @param isolation the run's database and namespace, or {@code null}
 * @param services the three services, or {@code null}
 * @param nginx the anchor, or {@code null}
 * @param notes where the CPU went during each measurement, one line each
 * @param profiles the summaries of the JFR profiles
 */
public record Run(Mode mode, Path repository, Path work, Corpus corpus, Profiler profiler, Isolation isolation,
		Services services, Nginx nginx, List<String> notes, List<String> profiles) {

	/**
	 * A run before the services start.
	 * @param mode the mode
	 * @param repository the repository root
	 * @param work its folder
	 * @param corpus the photos
	 * @param profiler the profiler
	 * @return the run
	 */
	public static Run offline(Mode mode, Path repository, Path work, Corpus corpus, Profiler profiler) {
		return new Run(mode, repository, work, corpus, profiler, null, null, null, new ArrayList<>(),
				new ArrayList<>());
	}

	/**
	 * The same run with the services and nginx up.
	 * @param isolation the database and namespace
	 * @param services the services
	 * @param nginx nginx
	 * @return the run
	 */
	public Run online(Isolation isolation, Services services, Nginx nginx) {
		return new Run(this.mode, this.repository, this.work, this.corpus, this.profiler, isolation, services, nginx,
				this.notes, this.profiles);
	}

	/**
	 * The JVMs and the anchor's processes by pid, for CPU accounting and profiles.
	 * @return pid to name
	 */
	Map<Long, String> processes() {
		Map<Long, String> names = new HashMap<>();
		names.put(ProcessHandle.current().pid(), "bench JVM");
		if (this.services != null) {
			names.putAll(this.services.names());
		}
		return names;
	}

	/**
	 * Measure something with the CPU accounted and, when asked, profiled.
	 * @param figure the recording's name, such as {@code 1-serving-200}
	 * @param what a line for the notes
	 * @param jvms the JVMs to profile
	 * @param measurement what to measure
	 * @param <T> its result
	 * @return its result
	 */
	<T> T observed(String figure, String what, Map<Long, String> jvms, Measurement<T> measurement) {
		return observed(figure, what, jvms, measurement, (result) -> "");
	}

	/**
	 * Measure something with the CPU accounted and, when asked, profiled, and with what
	 * it measured in its line of the notes.
	 * @param figure the recording's name, such as {@code 1-serving-200}
	 * @param what a line for the notes
	 * @param jvms the JVMs to profile
	 * @param measurement what to measure
	 * @param described what the result says, at the head of the line
	 * @param <T> its result
	 * @return its result
	 */
	<T> T observed(String figure, String what, Map<Long, String> jvms, Measurement<T> measurement,
			java.util.function.Function<T, String> described) {
		// the measured JVMs by their names, also those the run does not own (the bare
		// endpoint of the calibration)
		Map<Long, String> named = new HashMap<>(processes());
		named.putAll(jvms);
		CpuMeter cpu = CpuMeter.start(named);
		Profiler.Recording recording = this.profiler.start(figure, jvms);
		T result = null;
		try {
			result = measurement.run();
		}
		finally {
			String measured = (result != null) ? described.apply(result) : "";
			this.notes.add("- **" + what + "**: " + (measured.isEmpty() ? "" : measured + "; ") + cpu.stop());
			String profile = recording.stop();
			if (!profile.isEmpty()) {
				this.profiles.add(profile);
			}
		}
		return result;
	}

	/**
	 * A measurement.
	 *
	 * @param <T> its result
	 */
	@FunctionalInterface
	interface Measurement<T> {

		T run();

	}

}
