package io.imagepipe.bench.env;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs external commands (wrk, vipsthumbnail, jcmd, version queries) to completion.
 */
public final class Commands {

	private Commands() {
	}

	/**
	 * Run a command and return its output, standard error included.
	 * @param timeout how long it may take
	 * @param command the program and its arguments
	 * @return what it printed
	 * @throws IllegalStateException when it fails or takes too long
	 */
	public static String run(Duration timeout, List<String> command) {
		return run(timeout, Map.of(), command);
	}

	/**
	 * Run a command with extra environment variables and return its output.
	 * @param timeout how long it may take
	 * @param environment variables added to this JVM's environment
	 * @param command the program and its arguments
	 * @return what it printed
	 * @throws IllegalStateException when it fails or takes too long
	 */
	public static String run(Duration timeout, Map<String, String> environment, List<String> command) {
		Process process = start(environment, command);
		try {
			String output = collect(process, timeout);
			if (process.exitValue() != 0) {
				throw new IllegalStateException(
						String.join(" ", command) + " exited with " + process.exitValue() + ":\n" + output);
			}
			return output;
		}
		finally {
			process.destroyForcibly();
		}
	}

	/**
	 * Run a command and return its output, or a fallback when it cannot run.
	 * @param fallback what to return when the command is missing or fails
	 * @param command the program and its arguments
	 * @return its output, trimmed, or the fallback
	 */
	public static String orElse(String fallback, String... command) {
		try {
			return run(Duration.ofSeconds(20), List.of(command)).trim();
		}
		catch (RuntimeException ex) {
			return fallback;
		}
	}

	/**
	 * Run a command and return its output whatever its exit status, such as a version
	 * that a program prints with a non-zero status.
	 * @param command the program and its arguments
	 * @return its output, trimmed, or empty when it cannot run
	 */
	public static String output(String... command) {
		try {
			Process process = start(Map.of(), List.of(command));
			try {
				return collect(process, Duration.ofSeconds(20)).trim();
			}
			finally {
				process.destroyForcibly();
			}
		}
		catch (RuntimeException ex) {
			return "";
		}
	}

	/**
	 * Start a command whose output goes to a file; the caller waits for it.
	 * @param log the file for its standard output and error
	 * @param command the program and its arguments
	 * @return the started process
	 */
	public static Process startLogged(Path log, List<String> command) {
		try {
			Files.createDirectories(log.getParent());
			return new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot run " + command.getFirst(), ex);
		}
	}

	/**
	 * Whether a program is on the PATH (or at the given absolute path).
	 * @param program the program
	 * @return whether it can be run
	 */
	public static boolean available(String program) {
		if (program.startsWith("/")) {
			return Files.isExecutable(Path.of(program));
		}
		for (String folder : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
			if (Files.isExecutable(Path.of(folder, program))) {
				return true;
			}
		}
		return Files.isExecutable(Path.of("/usr/sbin", program));
	}

	private static Process start(Map<String, String> environment, List<String> command) {
		try {
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
			builder.environment().putAll(environment);
			return builder.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot run " + command.getFirst() + ": " + ex.getMessage(), ex);
		}
	}

	private static String collect(Process process, Duration timeout) {
		try {
			byte[][] output = new byte[1][];
			Thread reader = Thread.ofVirtual().start(() -> {
				try {
					output[0] = process.getInputStream().readAllBytes();
				}
				catch (IOException ex) {
					output[0] = new byte[0];
				}
			});
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(process.info().command().orElse("a command") + " took longer than "
						+ timeout.toSeconds() + " s");
			}
			reader.join(Duration.ofSeconds(5));
			return (output[0] != null) ? new String(output[0], StandardCharsets.UTF_8) : "";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

}
