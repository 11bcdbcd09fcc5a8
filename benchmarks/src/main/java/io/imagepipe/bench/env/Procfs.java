package io.imagepipe.bench.env;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What {@code /proc} says about processes: memory and CPU time.
 */
public final class Procfs {

	/** Clock ticks per second of {@code /proc/<pid>/stat}; 100 on Linux. */
	private static final double TICKS = 100.0;

	private Procfs() {
	}

	/**
	 * A field of {@code /proc/<pid>/status} in kilobytes, such as {@code VmHWM}.
	 * @param pid the process
	 * @param field the field
	 * @return the value, or -1 when unknown
	 */
	static long statusKilobytes(long pid, String field) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
				if (line.startsWith(field + ":")) {
					return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// gone
		}
		return -1;
	}

	/**
	 * The CPU seconds (user + system) each process has used so far, with its command
	 * name, and those of its children it has waited for.
	 * @return by pid
	 */
	static Map<Long, CpuTime> cpuTimes() {
		Map<Long, CpuTime> times = new HashMap<>();
		try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
			for (Path process : processes) {
				try {
					String stat = Files.readString(process.resolve("stat"));
					int close = stat.lastIndexOf(')');
					String[] fields = stat.substring(close + 2).split(" ");
					double cpu = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS;
					double children = (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) / TICKS;
					times.put(Long.parseLong(process.getFileName().toString()),
							new CpuTime(stat.substring(stat.indexOf('(') + 1, close), cpu, children));
				}
				catch (IOException | RuntimeException ex) {
					// ended meanwhile
				}
			}
		}
		catch (IOException ex) {
			// no /proc: nothing to report
		}
		return times;
	}

	/**
	 * The CPU time of one process.
	 *
	 * @param command its command name, such as {@code postgres}
	 * @param seconds user + system seconds so far
	 * @param endedChildren user + system seconds of its children that ended and were
	 * waited for
	 */
	record CpuTime(String command, double seconds, double endedChildren) {
	}

}
