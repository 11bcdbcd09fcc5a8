package io.imagepipe.imports.legacy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class JournalTests {

	@TempDir
	Path folder;

	@Test
	void aReopenedJournalKnowsTheLastStepOfEverySource() throws Exception {
		Path file = this.folder.resolve("state/import.journal");
		UUID upload = UUID.randomUUID();
		Journal.Entry accepted = new Journal.Entry("users/1.jpg", "users/1/profile", "file:3:1", "abc",
				Journal.Entry.ACCEPTED, upload, "http://ingest/api/v1/uploads/" + upload, null, Instant.now());
		try (Journal journal = Journal.open(file)) {
			journal.record(accepted);
			journal.record(accepted.with(Journal.Entry.DONE, "http://serving/images/users/1/profile?v=1"));
			journal.record(new Journal.Entry("users/2.jpg", "users/2/profile", "file:3:2", "def",
					Journal.Entry.ACCEPTED, UUID.randomUUID(), "http://x", null, Instant.now()));
		}

		try (Journal reopened = Journal.open(file)) {
			assertThat(reopened.latest("users/1.jpg")).hasValueSatisfying((entry) -> {
				assertThat(entry.state()).isEqualTo(Journal.Entry.DONE);
				assertThat(entry.uploadId()).isEqualTo(upload);
			});
			assertThat(reopened.latest("users/2.jpg"))
				.hasValueSatisfying((entry) -> assertThat(entry.state()).isEqualTo(Journal.Entry.ACCEPTED));
			assertThat(reopened.latest("users/3.jpg")).isEmpty();
		}
	}

	@Test
	void aLineTornByACrashIsIgnored() throws Exception {
		Path file = this.folder.resolve("import.journal");
		try (Journal journal = Journal.open(file)) {
			journal.record(new Journal.Entry("a.jpg", "users/a/profile", "f", "h", Journal.Entry.DONE,
					UUID.randomUUID(), "http://x", "http://y", Instant.now()));
		}
		Files.writeString(file, "{\"source\":\"b.jpg\",\"sta", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

		try (Journal reopened = Journal.open(file)) {
			assertThat(reopened.latest("a.jpg")).isPresent();
			assertThat(reopened.latest("b.jpg")).isEmpty();
		}
	}

}
