package io.imagepipe.bench.env;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Where the CPU went during a measurement: the CPU seconds of every process between two
 * moments, summed by command name, with the services' JVMs by their own names. It shows
 * what a figure is limited by, such as PostgreSQL or the load client.
 */
public final class CpuMeter {

	private final Map<Long, String> names;

	private final Map<Long, Procfs.CpuTime> before;

	private final long startNanos = System.nanoTime();

	private final double childrenBefore = Procfs.endedChildrenSeconds(ProcessHandle.current().pid());

	private CpuMeter(Map<Long, String> names) {
		this.names = names;
		this.before = Procfs.cpuTimes();
	}

	/**
	 * Start measuring.
	 * @param names names for pids, such as {@code ingest-api} for a service's JVM
	 * @return the meter
	 */
	public static CpuMeter start(Map<Long, String> names) {
		return new CpuMeter(names);
	}

	/**
	 * The name a process is counted under when it is none of ours: kernel threads
	 * together, other JVMs (other people's builds and tests) as such.
	 */
	private static String group(String command) {
		if (command.startsWith("kworker") || command.startsWith("ksoftirqd") || command.startsWith("rcu_")) {
			return "kernel threads";
		}
		return command.equals("java") ? "other JVMs" : command;
	}

	/**
	 * The CPU seconds used since the start, by name, largest first, as one line.
	 * @return such as {@code wall 15.0 s; serving-api 18.2 s, postgres 9.1 s, wrk 2.0 s}
	 */
	public String stop() {
		double wall = (System.nanoTime() - this.startNanos) / 1e9;
		Map<String, Double> used = new TreeMap<>();
		long self = ProcessHandle.current().pid();
		Procfs.CpuTime unknown = new Procfs.CpuTime("", 0, 0);
		Procfs.cpuTimes().forEach((pid, after) -> {
			Procfs.CpuTime earlier = this.before.getOrDefault(pid, unknown);
			double seconds = after.seconds() - earlier.seconds();
			// the children that ended meanwhile, such as PostgreSQL's backends of the
			// connections the storage floor opened and closed, count under their
			// parent's name (this JVM's own are counted below); those that were there at
			// the start count whole
			if (pid != self && this.before.containsKey(pid)) {
				seconds += after.endedChildren() - earlier.endedChildren();
			}
			if (seconds > 0.05) {
				used.merge(this.names.getOrDefault(pid, group(after.command())), seconds, Double::sum);
			}
		});
		double children = Procfs.endedChildrenSeconds(self) - this.childrenBefore;
		if (children > 0.05) {
			used.merge("wrk / vipsthumbnail (ended)", children, Double::sum);
		}
		Map<String, Double> sorted = used.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Double>comparingByValue().reversed())
			.limit(8)
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
		double total = used.values().stream().mapToDouble(Double::doubleValue).sum();
		return String.format(Locale.ROOT, "wall %.1f s, CPU %.1f s of %.1f available; ", wall, total,
				wall * Runtime.getRuntime().availableProcessors())
				+ sorted.entrySet()
					.stream()
					.map((entry) -> String.format(Locale.ROOT, "%s %.1f s", entry.getKey(), entry.getValue()))
					.collect(Collectors.joining(", "));
	}

}
