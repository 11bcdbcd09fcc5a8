package io.imagepipe.e2e.ops;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.imagepipe.e2e.Pipeline;
import io.imagepipe.e2e.ServiceProcesses;
import io.imagepipe.testsupport.TestInfrastructure;
import io.imagepipe.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The legacy import of docs/operations.md: a seed-style folder of images, and a legacy
 * table's BLOB and URL columns, go through ingest-api's upload API with a service token
 * and end up served; the import shows its progress, resumes after a crash or a missing
 * token, and a re-run uploads nothing twice.
 */
@ExtendWith(ServiceProcesses.class)
class LegacyImportTests {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final Pipeline pipeline;

	@TempDir
	Path work;

	LegacyImportTests(Pipeline pipeline) {
		this.pipeline = pipeline;
	}

	@Test
	void aLegacyFolderIsImportedWithProgressAndServedAndARerunUploadsNothingAgain() throws Exception {
		Path images = this.work.resolve("static/images");
		Path photos = Files.createDirectories(images.resolve("profile_photos"));
		Files.copy(Photos.path("Landscape_2"), photos.resolve("user_e2e-legacy-1.jpg"));
		Files.copy(Photos.path("Portrait_6"), photos.resolve("user_e2e-legacy-2.jpg"));
		Files.copy(Photos.path("Landscape_8"), photos.resolve("user_e2e-legacy-3.JPEG"));
		Files.write(photos.resolve("user_e2e-legacy-4.jpg"), Arrays.copyOf(Photos.read("Landscape_1"), 2000));
		Files.writeString(photos.resolve("user_e2e-legacy-5.jpg"), "not a photo", StandardCharsets.UTF_8);
		Files.writeString(images.resolve("README.txt"), "legacy notes", StandardCharsets.UTF_8);
		String[] command = folderImport(images);

		ImageImport.Run first = ImageImport.run(command);

		assertThat(first.exitCode()).as(first.toString()).isEqualTo(1);
		assertThat(first.output()).contains("Importing 5 image(s) from")
			.contains("skipped README.txt: does not match --match")
			.contains("[1/5] users/e2e-legacy-1/profile <- profile_photos/user_e2e-legacy-1.jpg: uploaded, upload")
			.contains("[5/5] users/e2e-legacy-5/profile <- profile_photos/user_e2e-legacy-5.jpg: FAILED 415 ")
			.containsPattern("FAILED users/e2e-legacy-4/profile: .+")
			.contains("Summary: 5 image(s): 3 imported, 0 already imported, 0 already had an image, 2 failed");
		for (int owner = 1; owner <= 3; owner++) {
			assertServed("users/e2e-legacy-" + owner + "/profile");
		}
		long uploads = uploadsOf("e2e-legacy-%");

		ImageImport.Run again = ImageImport.run(command);

		assertThat(again.output()).as(again.toString())
			.contains(
					"[1/5] users/e2e-legacy-1/profile <- profile_photos/user_e2e-legacy-1.jpg: already imported, http")
			.contains("Summary: 5 image(s): 0 imported, 3 already imported, 0 already had an image, 2 failed");
		assertThat(uploadsOf("e2e-legacy-%")).as("uploads after the re-run").isEqualTo(uploads);
	}

	@Test
	void anImportKilledHalfwayResumesAndUploadsEachImageOnce() throws Exception {
		Path images = Files.createDirectories(this.work.resolve("users"));
		String[] photos = { "Landscape_4", "Portrait_2", "Portrait_5", "Landscape_6" };
		for (int i = 0; i < photos.length; i++) {
			Files.copy(Photos.path(photos[i]), images.resolve("e2e-resume-" + (i + 1) + ".jpg"));
		}
		String[] slow = concat(folderImport(this.work), "--rate", "0.5");

		ImageImport.Run killed = ImageImport.runUntil((line) -> line.contains(": uploaded, upload"), slow);
		assertThat(killed.output()).contains("[1/4] users/e2e-resume-1/profile");
		ImageImport.Run resumed = ImageImport.run(folderImport(this.work));

		assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
		assertThat(resumed.output()).contains(
				"[1/4] users/e2e-resume-1/profile <- users/e2e-resume-1.jpg: uploaded by an earlier run, following upload")
			.contains("Summary: 4 image(s): 4 imported");
		for (int owner = 1; owner <= 4; owner++) {
			assertServed("users/e2e-resume-" + owner + "/profile");
			assertThat(uploadsOf("e2e-resume-" + owner)).as("uploads of e2e-resume-%d", owner).isEqualTo(1);
		}
	}

	@Test
	void anImportWithoutATokenStopsBeforeUploadingAnythingAndARerunWithOneResumes() throws Exception {
		Path images = Files.createDirectories(this.work.resolve("users"));
		Files.copy(Photos.path("Landscape_5"), images.resolve("e2e-token-1.jpg"));
		Files.copy(Photos.path("Portrait_7"), images.resolve("e2e-token-2.jpg"));
		String[] command = folderImport(this.work);
		String[] withoutToken = Arrays.copyOf(command, command.length - 2);

		ImageImport.Run refused = ImageImport.run(withoutToken);

		assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(3);
		assertThat(refused.output()).contains("ingest-api needs a bearer token (401")
			.contains("IMAGEPIPE_TOKEN")
			.contains("run the same command again to resume");
		assertThat(uploadsOf("e2e-token-%")).as("uploads without a token").isZero();

		ImageImport.Run resumed = ImageImport.run(command);

		assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
		assertThat(resumed.output()).contains("Summary: 2 image(s): 2 imported");
		assertServed("users/e2e-token-1/profile");
		assertServed("users/e2e-token-2/profile");
	}

	@Test
	void legacyBlobAndUrlColumnsAreImportedThroughTheSameUploadPath() throws Exception {
		Postgres postgres = new Postgres(TestInfrastructure.get());
		String legacy = "legacy_" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
		Path site = Files.createDirectories(this.work.resolve("old-app/static/images"));
		Files.copy(Photos.path("Portrait_3"), site.resolve("e2e-url-1.jpg"));
		postgres.execute("CREATE DATABASE " + legacy);
		try {
			try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(legacy),
					TestInfrastructure.get().user(), TestInfrastructure.get().password())) {
				connection.createStatement()
					.execute(
							"CREATE TABLE users (id text PRIMARY KEY, profile_photo_data bytea, profile_photo_url text)");
				PreparedStatement insert = connection.prepareStatement("INSERT INTO users VALUES (?, ?, ?)");
				insertUser(insert, "e2e-blob-1", Photos.read("Landscape_7"), null);
				insertUser(insert, "e2e-url-1", null, "/static/images/e2e-url-1.jpg");
				insertUser(insert, "e2e-none-1", null, null);
			}
			// the token from the environment, as compose's import service passes it
			ImageImport.Run run = ImageImport.runWith(Map.of("IMAGEPIPE_TOKEN", TestTokens.service()), "jdbc",
					"--source-url", postgres.jdbcUrl(legacy), "--source-user", TestInfrastructure.get().user(),
					"--source-password", TestInfrastructure.get().password(), "--query",
					"SELECT 'users' AS owner_type, id AS owner_id, 'profile' AS slot, profile_photo_data AS bytes, "
							+ "profile_photo_url AS url FROM users ORDER BY id",
					"--url-base", this.work.resolve("old-app").toUri().toString(), "--journal",
					this.work.resolve("jdbc.journal").toString(), "--ingest-url", this.pipeline.ingestUrl().toString(),
					"--serving-url", this.pipeline.servingUrl().toString());

			assertThat(run.exitCode()).as(run.toString()).isZero();
			assertThat(run.output()).contains("Importing 3 legacy row(s)")
				.contains("skipped users/e2e-none-1/profile: neither bytes nor url")
				.contains("Summary: 3 image(s): 2 imported");
			assertServed("users/e2e-blob-1/profile");
			assertServed("users/e2e-url-1/profile");
		}
		finally {
			postgres.execute("DROP DATABASE IF EXISTS " + legacy + " WITH (FORCE)");
		}
	}

	/**
	 * A folder import as an operator runs it, with a token with the service role (the
	 * last two arguments): it writes every owner's images and is not rate limited.
	 */
	private String[] folderImport(Path folder) {
		return new String[] { "folder", folder.toString(), "--match",
				"(?:profile_photos/user_|users/)(?<id>[^./]+)\\.(?i:jpe?g)", "--key", "users/${id}/profile",
				"--journal", this.work.resolve("import.journal").toString(), "--ingest-url",
				this.pipeline.ingestUrl().toString(), "--serving-url", this.pipeline.servingUrl().toString(), "--token",
				TestTokens.service() };
	}

	private void assertServed(String image) throws Exception {
		HttpResponse<byte[]> response = http.send(
				HttpRequest.newBuilder(this.pipeline.servingUrl().resolve(URI.create("/images/" + image))).build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(response.statusCode()).as(image).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).as(image).hasValue("image/webp");
	}

	private static long uploadsOf(String ownerIdPattern) throws Exception {
		try (Connection connection = TestInfrastructure.get().openDatabaseConnection();
				PreparedStatement count = connection
					.prepareStatement("SELECT count(*) FROM uploads WHERE owner_id LIKE ?")) {
			count.setString(1, ownerIdPattern);
			try (ResultSet rows = count.executeQuery()) {
				rows.next();
				return rows.getLong(1);
			}
		}
	}

	private static void insertUser(PreparedStatement insert, String id, byte[] photo, String url) throws Exception {
		insert.setString(1, id);
		insert.setBytes(2, photo);
		insert.setString(3, url);
		insert.executeUpdate();
	}

	private static String[] concat(String[] first, String... more) {
		String[] all = Arrays.copyOf(first, first.length + more.length);
		System.arraycopy(more, 0, all, first.length, more.length);
		return all;
	}

}
