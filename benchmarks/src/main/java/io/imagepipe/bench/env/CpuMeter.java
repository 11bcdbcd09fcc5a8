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

	private void add(Map<String, Double> used, long pid, Procfs.CpuTime process, double seconds) {
		if (seconds > 0.05) {
			used.merge(this.names.getOrDefault(pid, group(process.command())), seconds, Double::sum);
		}
	}

	/**
	 * The CPU seconds used since the start, by name, largest first, as one line.
	 * @return such as {@code wall 15.0 s; serving-api 18.2 s, postgres 9.1 s, wrk 2.0 s}
	 */
	public String stop() {
		double wall = (System.nanoTime() - this.startNanos) / 1e9;
		Map<String, Double> used = new TreeMap<>();
		long self = ProcessHandle.current().pid();
		Procfs.cpuTimes().forEach((pid, after) -> {
			Procfs.CpuTime earlier = this.before.get(pid);
			if (earlier == null) {
				add(used, pid, after, after.seconds());
				return;
			}
			double children = after.endedChildren() - earlier.endedChildren();
			if (pid == self) {
				// this JVM's own children: the wrk and vipsthumbnail runs
				add(used, pid, after, after.seconds() - earlier.seconds());
				if (children > 0.05) {
					used.merge("wrk / vipsthumbnail (ended)", children, Double::sum);
				}
				return;
			}
			// the children that ended meanwhile, such as PostgreSQL's backends of the
			// connections the storage floor opened and closed, count under their
			// parent's name; those that were there at the start count whole
			add(used, pid, after, after.seconds() - earlier.seconds() + children);
		});
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
