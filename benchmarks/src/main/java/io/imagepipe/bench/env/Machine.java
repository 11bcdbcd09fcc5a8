package io.imagepipe.bench.env;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a run ran on, for the record next to its results.
 */
public final class Machine {

	private Machine() {
	}

	/**
	 * The 1-, 5- and 15-minute load averages.
	 * @return such as {@code 0.42 0.80 1.10}
	 */
	public static String loadAverage() {
		String[] parts = read("/proc/loadavg").split("\\s+");
		return (parts.length >= 3) ? parts[0] + " " + parts[1] + " " + parts[2] : "?";
	}

	/**
	 * The 1-minute load average.
	 * @return the load, or 0 when unknown
	 */
	public static double oneMinuteLoad() {
		try {
			return Double.parseDouble(read("/proc/loadavg").split("\\s+")[0]);
		}
		catch (RuntimeException ex) {
			return 0;
		}
	}

	/**
	 * A description of the machine and the software measured.
	 * @return Markdown list items
	 */
	public static String describe() {
		List<String> lines = List.of(
				"- CPU: " + cpuModel() + ", `nproc` = " + Runtime.getRuntime().availableProcessors(),
				"- memory (`free -h`): " + memory(),
				"- OS: " + firstLine(read("/etc/os-release"), "PRETTY_NAME=") + ", kernel "
						+ Commands.orElse("?", "uname", "-r"),
				"- JDK: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
				"- nginx " + Commands.orElse("?", "nginx", "-v").replace("nginx version: nginx/", "") + ", "
						+ Commands.orElse("?", "vips", "--version") + ", "
						+ Commands.output("wrk", "-v").lines().findFirst().orElse("wrk ?").split(" \\[")[0]
						+ ", PostgreSQL "
						+ Commands
							.orElse("?", "psql", "-h", env("PGHOST", "127.0.0.1"), "-U", env("PGUSER", "postgres"),
									"-tAc", "SHOW server_version", "postgres")
							.split(" ")[0]
						+ ", RabbitMQ " + Commands.orElse("?", "rabbitmqctl", "-q", "version"),
				"- load average at start: " + loadAverage());
		return String.join("\n", lines);
	}

	private static String cpuModel() {
		return read("/proc/cpuinfo").lines()
			.filter((line) -> line.startsWith("model name"))
			.map((line) -> line.substring(line.indexOf(':') + 1).trim())
			.findFirst()
			.orElse("?");
	}

	private static String memory() {
		String free = Commands.orElse("", "free", "-h");
		return free.lines()
			.filter((line) -> line.startsWith("Mem:"))
			.map((line) -> line.split("\\s+"))
			.map((cells) -> "total " + cells[1] + ", available " + cells[cells.length - 1])
			.findFirst()
			.orElse("?");
	}

	private static String firstLine(String text, String prefix) {
		return text.lines()
			.filter((line) -> line.startsWith(prefix))
			.map((line) -> line.substring(prefix.length()).replace("\"", ""))
			.findFirst()
			.orElse("?");
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value == null || value.isBlank()) ? fallback : value;
	}

	static String read(String file) {
		try {
			return Files.readString(Path.of(file));
		}
		catch (IOException ex) {
			return "";
		}
	}

}
