package io.imagepipe.imports.legacy;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

import io.imagepipe.imports.ImageImportApplication;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code image-import folder}: imports the image files under a folder.
 */
@Command(name = "folder", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
		description = "Imports the image files under a folder, such as a legacy /static/images/. Each file's path relative to the folder is matched against --match, and --key turns the match into the image key ownerType/ownerId/slot. Files that do not match are listed and skipped.",
		footer = { "%nExample, for files such as profile_photos/user_42.jpg, with a token with the service role:",
				"  export IMAGEPIPE_TOKEN=eyJ...",
				"  image-import folder /static/images --match 'profile_photos/user_(\\d+)\\.\\w+' --key 'users/$1/profile'" })
public final class FolderCommand implements Callable<Integer> {

	@Parameters(index = "0", paramLabel = "FOLDER", description = "the folder to import")
	private Path folder;

	@Option(names = "--match",
			description = "a regular expression for the whole relative path (default: ownerType/ownerId/slot.ext)")
	private String match = FolderSource.DEFAULT_MATCH;

	@Option(names = "--key", description = "the image key, with $1 or $${name} for the groups of --match")
	private String key = FolderSource.DEFAULT_KEY;

	@Mixin
	private ImportOptions options;

	@Spec
	private CommandSpec spec;

	@Override
	public Integer call() throws Exception {
		this.options.validate(this.spec);
		PrintWriter out = this.spec.commandLine().getOut();
		FolderSource.Scan scan = new FolderSource(this.folder, Pattern.compile(this.match), this.key).scan();
		out.printf("Importing %d image(s) from %s into %s%n", scan.images().size(), this.folder.toAbsolutePath(),
				this.options.ingestUrl());
		scan.unusable().forEach((reason) -> out.println("  skipped " + reason));
		try (Journal journal = Journal.open(this.options.journal())) {
			ImportProgress.Counts counts = new Importer(this.options.client(), journal, this.options, out)
				.run(scan.images(), scan.images().size());
			return (counts.failed() > 0) ? ImageImportApplication.SOME_FAILED : 0;
		}
	}

}
