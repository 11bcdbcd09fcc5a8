package io.imagepipe.imports.reprocess;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.imagepipe.contract.ImageKey;
import io.imagepipe.contract.config.DatabaseUrl;
import io.imagepipe.imports.ImageImportApplication;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code image-import reprocess}: makes every served image again from its newest raw
 * upload, after the slot presets changed.
 */
@Command(name = "reprocess", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
		description = "Makes the served images again from their newest raw upload, after the slot presets or the WebP settings changed. Each image gets a new upload with the same raw bytes, inside the database and only while its newest upload is done, so a user's own newer upload always wins; ingest-api's outbox relay publishes it and the workers process it like any other upload. Throttled by --rate and --max-in-flight. The state file makes it resumable, and a re-run skips the images already made since the run started (--new-run starts a new run).",
		footer = { "%nExample, after changing the users/profile preset:",
				"  image-import reprocess --only users/profile --rate 5 --max-in-flight 10" })
public final class ReprocessCommand implements Callable<Integer> {

	@Option(names = "--database-url", defaultValue = "${env:DATABASE_URL:-jdbc:postgresql://127.0.0.1:5432/imagepipe}",
			description = "the imagepipe database, as a JDBC URL or postgres://user:password@host:port/database (env DATABASE_URL; default ${DEFAULT-VALUE})")
	private String databaseUrl;

	@Option(names = "--database-user", defaultValue = "${env:DATABASE_USER:-postgres}",
			description = "database user (env DATABASE_USER; default ${DEFAULT-VALUE})")
	private String databaseUser;

	@Option(names = "--database-password", defaultValue = "${env:DATABASE_PASSWORD:-}",
			description = "database password (env DATABASE_PASSWORD)")
	private String databasePassword;

	@Option(names = "--only", paramLabel = "OWNER_TYPE/SLOT",
			description = "reprocess only this slot, such as users/profile; may be repeated")
	private List<String> only = new ArrayList<>();

	@Option(names = "--rate", defaultValue = "5",
			description = "most images queued per second (default ${DEFAULT-VALUE})")
	private double rate;

	@Option(names = "--max-in-flight", defaultValue = "10",
			description = "most reprocessed uploads unfinished at once; users' uploads queue behind at most this many (default ${DEFAULT-VALUE})")
	private int maxInFlight;

	@Option(names = "--state", defaultValue = "reprocess.state",
			description = "the state file of the run (default ${DEFAULT-VALUE})")
	private Path state;

	@Option(names = "--new-run", description = "start a new run even when the state file holds one")
	private boolean newRun;

	@Option(names = "--finish-timeout", defaultValue = "600",
			description = "seconds to wait at the end for the last uploads (default ${DEFAULT-VALUE})")
	private long finishTimeoutSeconds;

	@Spec
	private CommandSpec spec;

	@Override
	public Integer call() throws Exception {
		if (this.rate <= 0 || this.maxInFlight < 1) {
			throw new ParameterException(this.spec.commandLine(), "--rate and --max-in-flight must be positive");
		}
		PrintWriter out = this.spec.commandLine().getOut();
		DatabaseUrl url = DatabaseUrl.parse(this.databaseUrl);
		boolean userGiven = this.spec.commandLine().getParseResult().hasMatchedOption("--database-user")
				|| System.getenv("DATABASE_USER") != null;
		boolean passwordGiven = this.spec.commandLine().getParseResult().hasMatchedOption("--database-password")
				|| System.getenv("DATABASE_PASSWORD") != null;
		String user = (url.user() != null && !userGiven) ? url.user() : this.databaseUser;
		String password = (url.password() != null && !passwordGiven) ? url.password() : this.databasePassword;
		try (Connection connection = DriverManager.getConnection(url.jdbcUrl(), user, password)) {
			StoredUploads uploads = new StoredUploads(connection, slots());
			ReprocessState start = ReprocessState.load(this.state);
			if (start == null || this.newRun) {
				start = ReprocessState.startingAt(uploads.now());
				start.save(this.state);
			}
			else if (start.finishedAt() != null) {
				out.printf("The run of %s finished at %s; looking for images it missed (--new-run starts a new run)%n",
						start.startedAt(), start.finishedAt());
				start = start.rescan();
			}
			long failed = new Reprocessing(uploads, this.state, this.rate, this.maxInFlight,
					Duration.ofSeconds(this.finishTimeoutSeconds), out)
				.run(start);
			return (failed > 0) ? ImageImportApplication.SOME_FAILED : 0;
		}
	}

	private List<String[]> slots() {
		List<String[]> slots = new ArrayList<>();
		for (String pair : this.only) {
			String[] parts = pair.split("/", -1);
			if (parts.length != 2 || !ImageKey.isValidName(parts[0]) || !ImageKey.isValidName(parts[1])) {
				throw new ParameterException(this.spec.commandLine(),
						"--only takes OWNER_TYPE/SLOT, such as users/profile");
			}
			slots.add(parts);
		}
		return slots;
	}

}
