package io.imagepipe.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import io.imagepipe.bench.figures.Mode;
import io.imagepipe.bench.figures.Run;

/**
 * The Markdown a run prints and writes to {@code benchmarks/target/bench/results.md}: the
 * command, the machine, the table, where the CPU went during each measurement and, with
 * {@code --profile}, the profiles.
 */
final class Report {

	private Report() {
	}

	static String of(String command, Mode mode, String machine, Instant started, Table table, Run run,
			List<String> failures, String loadAtEnd) {
		StringBuilder out = new StringBuilder();
		out.append("## ")
			.append(mode.name())
			.append(" run, ")
			.append(DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(started.atOffset(ZoneOffset.UTC).withNano(0)))
			.append(" UTC\n\n");
		out.append("Command: `")
			.append(command)
			.append("` (")
			.append(Duration.between(started, Instant.now()).toSeconds())
			.append(" s)\n\n");
		out.append(machine).append("\n- load average at end: ").append(loadAtEnd).append("\n\n");
		out.append(table.markdown()).append('\n');
		if (!mode.judged()) {
			out.append("Short mode: every figure is produced; speed is not judged.\n\n");
		}
		if (!failures.isEmpty()) {
			out.append("### Not produced\n\n");
			failures.forEach((failure) -> out.append("- ").append(failure).append('\n'));
			out.append('\n');
		}
		out.append("### Where the CPU went during each measurement\n\n");
		out.append(String.join("\n", run.notes())).append("\n\n");
		if (!run.profiles().isEmpty()) {
			out.append("### Profiles (JFR, settings=profile)\n\n```\n")
				.append(String.join("\n", run.profiles()))
				.append("```\n");
		}
		return out.toString();
	}

}
