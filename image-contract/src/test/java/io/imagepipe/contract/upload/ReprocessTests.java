package io.imagepipe.contract.upload;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.UUID;

import io.imagepipe.contract.ImageKey;
import io.imagepipe.testsupport.TestInfrastructure;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reprocess transitions of {@link UploadTransitions}, as ops-console and image-import
 * run them, against the real schema on PostgreSQL: only an image whose upload is done,
 * kept its bytes and is the newest of its image is queued again, whichever way it is
 * asked for.
 */
class ReprocessTests {

	private Connection connection;

	private String run;

	private static UploadTransitions transitions;

	@BeforeAll
	static void migrate() {
		TestInfrastructure db = TestInfrastructure.get();
		Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password()).load().migrate();
		transitions = new UploadTransitions(
				JdbcClient.create(new DriverManagerDataSource(db.jdbcUrl(), db.user(), db.password())));
	}

	@BeforeEach
	void connect() throws Exception {
		this.connection = TestInfrastructure.get().openDatabaseConnection();
		// owner ids of this test only, in a key range of their own
		this.run = "reprocess-" + UUID.randomUUID();
	}

	@AfterEach
	void disconnect() throws Exception {
		this.connection.close();
	}

	@Test
	void oneImageIsQueuedAgainFromItsNewestDoneUploadWithItsBytesForTheRelay() throws Exception {
		UUID done = served(owner("a"), "done", new byte[] { 1, 2, 3 });

		UUID again = transitions.reprocess(done).orElse(null);

		assertThat(again).isNotNull().isNotEqualTo(done);
		try (PreparedStatement query = this.connection.prepareStatement(
				"SELECT status, published_at, raw_bytes, source_seq = (SELECT seq FROM uploads WHERE id = ?) AS remakes "
						+ "FROM uploads WHERE id = ?")) {
			query.setObject(1, done);
			query.setObject(2, again);
			try (ResultSet row = query.executeQuery()) {
				assertThat(row.next()).isTrue();
				assertThat(row.getString("status")).isEqualTo("queued");
				assertThat(row.getObject("published_at")).as("left for the outbox relay").isNull();
				assertThat(row.getBytes("raw_bytes")).containsExactly(1, 2, 3);
				assertThat(row.getBoolean("remakes")).as("source_seq names the upload it remakes").isTrue();
			}
		}
	}

	@Test
	void anUploadThatIsNotDoneHasNoBytesOrIsNotTheNewestIsNeverCopied() throws Exception {
		UUID failed = served(owner("b"), "failed", new byte[] { 1 });
		UUID discarded = served(owner("c"), "done", null);
		UUID older = served(owner("d"), "done", new byte[] { 1 });
		upload(owner("d"), "queued", new byte[] { 2 });

		for (UUID source : List.of(failed, discarded, older)) {
			assertThat(transitions.reprocess(source).orElse(null)).as("upload %s", source).isNull();
		}
	}

	@Test
	void theImagesAfterAKeyAreQueuedInKeyOrderSkippingThoseThatMayNotBeRemade() throws Exception {
		served(owner("1"), "done", new byte[] { 1 });
		served(owner("2"), "superseded", new byte[] { 1 });
		served(owner("3"), "done", new byte[] { 1 });
		upload(owner("3"), "processing", new byte[] { 2 });
		served(owner("4"), "done", new byte[] { 1 });
		ImageKey start = new ImageKey("users", this.run, "profile");

		List<ImageKey> first = transitions.reprocessServed(start, 1);
		List<ImageKey> next = transitions.reprocessServed(first.getFirst(), 10);

		assertThat(first).containsExactly(new ImageKey("users", owner("1"), "profile"));
		assertThat(next).filteredOn((key) -> key.ownerId().startsWith(this.run))
			.as("not the one whose served upload is not done, nor the one with a newer upload")
			.containsExactly(new ImageKey("users", owner("4"), "profile"));
	}

	private String owner(String suffix) {
		return this.run + "-" + suffix;
	}

	/** An upload and the image made from it. */
	private UUID served(String ownerId, String status, byte[] bytes) throws Exception {
		UUID id = upload(ownerId, status, bytes);
		try (PreparedStatement insert = this.connection.prepareStatement("""
				INSERT INTO images (owner_type, owner_id, slot, upload_id, upload_seq, bytes, width, height, byte_size,
				                    sha256)
				SELECT owner_type, owner_id, slot, id, seq, '\\x52494646'::bytea, 8, 8, 4, repeat('a', 64)
				FROM uploads WHERE id = ?
				""")) {
			insert.setObject(1, id);
			insert.executeUpdate();
		}
		return id;
	}

	private UUID upload(String ownerId, String status, byte[] bytes) throws Exception {
		UUID id = UUID.randomUUID();
		try (PreparedStatement insert = this.connection.prepareStatement("""
				INSERT INTO uploads (id, owner_type, owner_id, slot, media_type, byte_size, width, height, raw_bytes,
				                     status)
				VALUES (?, 'users', ?, 'profile', 'image/jpeg', 3, 10, 10, ?, ?)
				""")) {
			insert.setObject(1, id);
			insert.setString(2, ownerId);
			insert.setBytes(3, bytes);
			insert.setString(4, status);
			insert.executeUpdate();
		}
		return id;
	}

}
