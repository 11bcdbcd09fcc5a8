package io.imagepipe.e2e.ops;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.imagepipe.e2e.ServiceProcesses;

/**
 * The image-import command run from its executable jar as an operator runs it, with its
 * output kept for the assertions and appended to {@code image-import.log}.
 */
final class ImageImport {

	private ImageImport() {
	}

	/**
	 * Run a command to its end.
	 * @param arguments the command line after the jar
	 * @return its exit code and output
	 * @throws IOException when it cannot be run
	 * @throws InterruptedException when interrupted
	 */
	static Run run(String... arguments) throws IOException, InterruptedException {
		return runUntil((line) -> false, arguments);
	}

	/**
	 * Run a command to its end with environment variables, such as
	 * {@code IMAGEPIPE_TOKEN}.
	 * @param environment the variables
	 * @param arguments the command line after the jar
	 * @return its exit code and output
	 * @throws IOException when it cannot be run
	 * @throws InterruptedException when interrupted
	 */
	static Run runWith(Map<String, String> environment, String... arguments) throws IOException, InterruptedException {
		return runUntil(environment, (line) -> false, arguments);
	}

	/**
	 * Run a command and kill it ({@code kill -9}) as soon as it prints a matching line,
	 * as a crash or a lost SSH session would stop it.
	 * @param stopAt the line to stop at
	 * @param arguments the command line after the jar
	 * @return its exit code and the output up to the kill
	 * @throws IOException when it cannot be run
	 * @throws InterruptedException when interrupted
	 */
	static Run runUntil(Predicate<String> stopAt, String... arguments) throws IOException, InterruptedException {
		return runUntil(Map.of(), stopAt, arguments);
	}

	private static Run runUntil(Map<String, String> environment, Predicate<String> stopAt, String... arguments)
			throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
						ServiceProcesses.requiredProperty("e2e.jar.image-import")));
		command.addAll(List.of(arguments));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		// only the token a test gives, never one of the shell that runs the tests
		builder.environment().remove("IMAGEPIPE_TOKEN");
		builder.environment().putAll(environment);
		Process process = builder.start();
		List<String> lines = new ArrayList<>();
		try (BufferedReader output = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = output.readLine(); line != null; line = output.readLine()) {
				lines.add(line);
				if (stopAt.test(line)) {
					process.destroyForcibly();
					break;
				}
			}
		}
		if (!process.waitFor(3, TimeUnit.MINUTES)) {
			process.destroyForcibly();
			throw new AssertionError("image-import did not end:\n" + String.join("\n", lines));
		}
		Path log = Path.of(ServiceProcesses.requiredProperty("e2e.logs"), "image-import.log");
		Files.createDirectories(log.getParent());
		Files.writeString(log,
				"$ image-import " + String.join(" ", masked(arguments)) + "\n" + String.join("\n", lines) + "\n",
				StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		return new Run(process.exitValue(), String.join("\n", lines));
	}

	/**
	 * The command line with the value of {@code --token} left out, for the log.
	 */
	private static List<String> masked(String... arguments) {
		List<String> shown = new ArrayList<>(List.of(arguments));
		for (int i = 1; i < shown.size(); i++) {
			if (shown.get(i - 1).equals("--token")) {
				shown.set(i, "(token)");
			}
		}
		return shown;
	}

	/**
	 * A finished command.
	 *
	 * @param exitCode its exit code
	 * @param output what it printed
	 */
	record Run(int exitCode, String output) {

		@Override
		public String toString() {
			return "exit code " + this.exitCode + ", output:\n" + this.output;
		}

	}

}
