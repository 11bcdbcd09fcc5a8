package io.imagepipe.imports;

import io.imagepipe.imports.legacy.FolderCommand;
import io.imagepipe.imports.legacy.JdbcCommand;
import io.imagepipe.imports.reprocess.ReprocessCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code image-import} command and its subcommands.
 */
@Command(name = "image-import", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
		versionProvider = ImageImportApplication.Version.class,
		description = "Imports existing images into imagepipe through ingest-api's upload API, with a bearer token with the service role (--token or IMAGEPIPE_TOKEN), and reprocesses the stored images when the slot presets change. Every command is idempotent and resumable: its state file records what is done, and a re-run skips it.",
		subcommands = { FolderCommand.class, JdbcCommand.class, ReprocessCommand.class },
		exitCodeListHeading = "%nExit codes:%n",
		exitCodeList = { "0:every image was imported, skipped as already done, or reprocessed",
				"1:some images failed; the output and the state file say which and why", "2:the command line is wrong",
				"3:stopped by an error, such as an unreachable database or ingest-api; a re-run resumes" })
public final class ImageImportApplication implements Runnable {

	/** Exit code when some images failed. */
	public static final int SOME_FAILED = 1;

	/** Exit code when the command stopped on an error. */
	public static final int STOPPED = 3;

	@CommandLine.Spec
	private CommandLine.Model.CommandSpec spec;

	public static void main(String[] args) {
		System.exit(run(args));
	}

	/**
	 * Run a command line, as {@link #main} does, without exiting.
	 * @param args the arguments
	 * @return the exit code
	 */
	public static int run(String... args) {
		return new CommandLine(new ImageImportApplication()).setCaseInsensitiveEnumValuesAllowed(true)
			.setExecutionExceptionHandler(ImageImportApplication::stopped)
			.execute(args);
	}

	private static int stopped(Exception ex, CommandLine command, CommandLine.ParseResult parseResult) {
		StringBuilder message = new StringBuilder("image-import stopped: ").append(ex);
		for (Throwable cause = ex.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
			message.append("\n  caused by ").append(cause);
		}
		command.getErr().println(message);
		command.getErr().println("Nothing done so far is lost: run the same command again to resume.");
		return STOPPED;
	}

	@Override
	public void run() {
		throw new CommandLine.ParameterException(this.spec.commandLine(), "Name a command: folder, jdbc or reprocess");
	}

	/**
	 * The version of the jar, from its manifest.
	 */
	static final class Version implements CommandLine.IVersionProvider {

		@Override
		public String[] getVersion() {
			String version = ImageImportApplication.class.getPackage().getImplementationVersion();
			return new String[] { "image-import " + ((version != null) ? version : "(development build)") };
		}

	}

}
