package io.imagepipe.imports.legacy;

import java.nio.file.Path;

import io.imagepipe.imports.ImageImportApplication;
import io.imagepipe.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The import's {@code --token}: given bare or with its {@code Bearer } prefix, and only
 * once.
 */
class ImportOptionsTests {

	@TempDir
	Path folder;

	@Test
	void takesTheTokenBareOrWithItsBearerPrefix() {
		String token = TestTokens.service();
		assertThat(parse("--token", token).token()).isEqualTo(token);
		assertThat(parse("--token", "Bearer " + token).token()).isEqualTo(token);
	}

	@Test
	void anEmptyTokenIsNoToken() {
		assertThat(parse("--token", "").token()).isNull();
	}

	@Test
	void refusesATokenGivenTwiceAsAWrongCommandLine() {
		int exitCode = ImageImportApplication.run("folder", this.folder.toString(), "--token", TestTokens.service(),
				"--header", "Authorization: Bearer " + TestTokens.service(), "--journal",
				this.folder.resolve("import.journal").toString());

		assertThat(exitCode).isEqualTo(2);
	}

	@Test
	void theHelpTellsHowToPassTheToken() {
		String help = new CommandLine(new FolderCommand()).getUsageMessage();

		assertThat(help).contains("--token=TOKEN").contains("IMAGEPIPE_TOKEN");
	}

	private static ImportOptions parse(String... arguments) {
		Probe probe = new Probe();
		new CommandLine(probe).parseArgs(arguments);
		return probe.options;
	}

	@Command
	static final class Probe {

		@Mixin
		ImportOptions options;

	}

}
