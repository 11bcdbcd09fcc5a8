package io.imagepipe.e2e.ops;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;

import io.imagepipe.e2e.Pipeline;
import io.imagepipe.e2e.ServiceProcesses;
import io.imagepipe.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The reprocess command of docs/operations.md against the running pipeline: every image
 * of a slot is made again from its raw upload through the normal queue, a re-run of the
 * same run does nothing, and a run racing a user's new upload never brings the old photo
 * back.
 */
@ExtendWith(ServiceProcesses.class)
class ReprocessTests {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final Pipeline pipeline;

	@TempDir
	Path work;

	ReprocessTests(Pipeline pipeline) {
		this.pipeline = pipeline;
	}

	@Test
	void reprocessingASlotMakesEachImageAgainFromItsRawUploadAndARerunDoesNothing() throws Exception {
		URI first = OpsUploads.uploadAndWait(this.pipeline, "organizations/e2e-reprocess-1/logo", "Landscape_1");
		URI second = OpsUploads.uploadAndWait(this.pipeline, "organizations/e2e-reprocess-2/logo", "Portrait_8");
		byte[] firstBytes = bytes(first);
		String[] command = { "reprocess", "--only", "organizations/logo", "--database-url",
				TestInfrastructure.get().jdbcUrl(), "--database-user", TestInfrastructure.get().user(),
				"--database-password", TestInfrastructure.get().password(), "--state",
				this.work.resolve("reprocess.state").toString(), "--rate", "20", "--max-in-flight", "5" };

		ImageImport.Run run = ImageImport.run(command);

		assertThat(run.exitCode()).as(run.toString()).isZero();
		assertThat(run.output())
			.containsPattern("organizations/e2e-reprocess-1/logo queued again as upload [0-9a-f-]{36}")
			.contains("organizations/e2e-reprocess-2/logo queued again")
			.containsPattern("Summary: (\\d+) image\\(s\\) queued again: \\1 done, 0 failed, 0 still processing");
		for (URI image : new URI[] { first, second }) {
			String owner = image.getPath().split("/")[3];
			assertThat(newestUploadStatus(owner)).as("newest upload of %s", owner).isEqualTo("done");
			assertThat(uploadsOf(owner)).as("uploads of %s", owner).isEqualTo(2);
			HttpResponse<byte[]> served = http.send(HttpRequest.newBuilder(image).build(),
					HttpResponse.BodyHandlers.ofByteArray());
			assertThat(served.headers().firstValue("Cache-Control"))
				.as("with unchanged presets the same bytes, so the same v, are served")
				.hasValue("public, max-age=31536000, immutable");
		}
		assertThat(bytes(first)).isEqualTo(firstBytes);

		ImageImport.Run rerun = ImageImport.run(command);

		assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
		assertThat(rerun.output()).contains("looking for images it missed")
			.contains("Reprocessing 0 image(s)")
			.contains("Summary: 0 image(s) queued again");
		assertThat(uploadsOf("e2e-reprocess-1")).isEqualTo(2);
	}

	@Test
	void aRunWhileTheUsersNewUploadIsBeingCommittedNeverBringsTheOldPhotoBack() throws Exception {
		String owner = "e2e-reprocess-race-" + UUID.randomUUID().toString().substring(0, 8);
		OpsUploads.uploadAndWait(this.pipeline, "organizations/" + owner + "/logo", "Landscape_1");
		UUID users = UUID.randomUUID();
		byte[] portrait = Photos.read("Portrait_8");
		try (Connection ingest = TestInfrastructure.get().openDatabaseConnection()) {
			// the user's new upload is inserted as ingest-api inserts it, and not yet
			// committed
			// while the whole reprocess run goes: the run's copy of the old photo gets
			// the higher
			// seq, and is processed first
			ingest.setAutoCommit(false);
			try (PreparedStatement insert = ingest.prepareStatement("""
					INSERT INTO uploads (id, owner_type, owner_id, slot, media_type, byte_size, width, height,
					                     raw_bytes)
					VALUES (?, 'organizations', ?, 'logo', 'image/jpeg', ?, 1, 1, ?)
					""")) {
				insert.setObject(1, users);
				insert.setString(2, owner);
				insert.setInt(3, portrait.length);
				insert.setBytes(4, portrait);
				insert.executeUpdate();
			}
			ImageImport.Run run = ImageImport.run("reprocess", "--only", "organizations/logo", "--database-url",
					TestInfrastructure.get().jdbcUrl(), "--database-user", TestInfrastructure.get().user(),
					"--database-password", TestInfrastructure.get().password(), "--state",
					this.work.resolve("race.state").toString(), "--rate", "50", "--max-in-flight", "20");
			assertThat(run.exitCode()).as(run.toString()).isZero();
			assertThat(run.output()).contains("organizations/" + owner + "/logo queued again");
			ingest.commit();
		}

		await("the user's upload to finish").atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> query("SELECT status FROM uploads WHERE id = CAST(? AS uuid)", users.toString()),
					(status) -> !status.matches("queued|processing"));
		assertThat(query("SELECT status FROM uploads WHERE id = CAST(? AS uuid)", users.toString())).isEqualTo("done");
		assertThat(query("SELECT upload_id FROM images WHERE owner_id = ?", owner)).as("the upload served now")
			.isEqualTo(users.toString());
		assertThat(query("""
				SELECT bool_and(c.seq > u.seq)::text FROM uploads c, uploads u
				WHERE u.id = CAST(? AS uuid) AND c.owner_id = u.owner_id AND c.source_seq IS NOT NULL
				""", users.toString())).as("the copy's seq is higher than the user's upload's").isEqualTo("true");
		HttpResponse<String> meta = http.send(HttpRequest
			.newBuilder(this.pipeline.servingUrl().resolve("/images/organizations/" + owner + "/logo/meta"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(OpsUploads.json(meta.body()).path("height").asInt())
			.as("the portrait the user uploaded last is served, not the old landscape")
			.isGreaterThan(OpsUploads.json(meta.body()).path("width").asInt());
	}

	private static byte[] bytes(URI image) throws Exception {
		return http.send(HttpRequest.newBuilder(image).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
	}

	private static String newestUploadStatus(String ownerId) throws Exception {
		return query("SELECT status FROM uploads WHERE owner_id = ? ORDER BY seq DESC LIMIT 1", ownerId);
	}

	private static long uploadsOf(String ownerId) throws Exception {
		return Long.parseLong(query("SELECT count(*) FROM uploads WHERE owner_id = ?", ownerId));
	}

	private static String query(String sql, String ownerId) throws Exception {
		try (Connection connection = TestInfrastructure.get().openDatabaseConnection();
				PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setString(1, ownerId);
			try (ResultSet rows = statement.executeQuery()) {
				rows.next();
				return rows.getString(1);
			}
		}
	}

}
