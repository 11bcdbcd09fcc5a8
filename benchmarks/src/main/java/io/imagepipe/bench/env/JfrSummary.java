package io.imagepipe.bench.env;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * The top frames of a JFR recording's CPU samples, counted by the package and by the
 * method on top of the stack (where the CPU time is spent, a native method such as the
 * JDK's libjpeg or libwebp included) and by the innermost imagepipe method on the stack
 * (which of our code paths spends it). The samples are {@code jdk.CPUTimeSample} (JDK
 * 25+, CPU time of Java and native code alike), or else {@code jdk.ExecutionSample} (Java
 * code only).
 */
final class JfrSummary {

	private static final int TOP = 10;

	private JfrSummary() {
	}

	static String of(Path file, String title) throws IOException {
		List<RecordedEvent> events = RecordingFile.readAllEvents(file);
		String type = events.stream().anyMatch((event) -> isType(event, "jdk.CPUTimeSample")) ? "jdk.CPUTimeSample"
				: "jdk.ExecutionSample";
		Map<String, Integer> self = new HashMap<>();
		Map<String, Integer> packages = new HashMap<>();
		Map<String, Integer> ours = new HashMap<>();
		int total = 0;
		for (RecordedEvent event : events) {
			RecordedStackTrace stack = event.getStackTrace();
			if (!isType(event, type) || stack == null || stack.getFrames().isEmpty()) {
				continue;
			}
			total++;
			self.merge(name(stack.getFrames().getFirst()), 1, Integer::sum);
			packages.merge(packageOf(stack.getFrames().getFirst()), 1, Integer::sum);
			ours.merge(ourFrame(stack.getFrames()), 1, Integer::sum);
		}
		StringBuilder out = new StringBuilder("#### " + title + "\n\n");
		out.append(type).append(": ").append(total).append(" samples\n\n");
		if (total > 0) {
			out.append("top of stack, by package:\n").append(top(packages, total)).append('\n');
			out.append("top of stack:\n").append(top(self, total)).append('\n');
			out.append("innermost imagepipe method:\n").append(top(ours, total)).append('\n');
		}
		return out.toString();
	}

	private static boolean isType(RecordedEvent event, String type) {
		return event.getEventType().getName().equals(type);
	}

	private static String ourFrame(List<RecordedFrame> frames) {
		for (RecordedFrame frame : frames) {
			if (frame.getMethod().getType().getName().startsWith("io.imagepipe.")) {
				return name(frame);
			}
		}
		return "(none) " + name(frames.getLast());
	}

	private static String packageOf(RecordedFrame frame) {
		String type = frame.getMethod().getType().getName();
		String[] parts = type.substring(0, Math.max(0, type.lastIndexOf('.'))).split("\\.");
		return String.join(".", java.util.Arrays.copyOf(parts, Math.min(parts.length, 3)));
	}

	private static String name(RecordedFrame frame) {
		String type = frame.getMethod().getType().getName();
		return type.substring(type.lastIndexOf('.', type.lastIndexOf('.') - 1) + 1) + "." + frame.getMethod().getName();
	}

	private static String top(Map<String, Integer> counts, int total) {
		return counts.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
			.limit(TOP)
			.map((entry) -> String.format(Locale.ROOT, "    %5.1f %%  %s", 100.0 * entry.getValue() / total,
					entry.getKey()))
			.collect(Collectors.joining("\n")) + "\n";
	}

}
