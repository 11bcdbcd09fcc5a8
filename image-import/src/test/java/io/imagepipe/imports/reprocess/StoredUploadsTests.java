package io.imagepipe.imports.reprocess;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import io.imagepipe.testsupport.TestInfrastructure;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The reprocess queries against the real schema on PostgreSQL.
 */
class StoredUploadsTests {

	private Connection connection;

	@BeforeAll
	static void migrate() {
		TestInfrastructure db = TestInfrastructure.get();
		Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password()).load().migrate();
	}

	@BeforeEach
	void connect() throws Exception {
		this.connection = TestInfrastructure.get().openDatabaseConnection();
		this.connection.createStatement().execute("TRUNCATE uploads CASCADE");
	}

	@AfterEach
	void disconnect() throws Exception {
		this.connection.close();
	}

	@Test
	void anImageIsQueuedAgainWithTheRawBytesOfItsNewestUploadForTheRelayToPublish() throws Exception {
		UUID done = insertUpload("users", "1", "profile", "done", new byte[] { 1, 2, 3 });
		StoredUploads uploads = new StoredUploads(this.connection, List.of());

		UUID again = uploads.requeue(done);

		assertThat(again).isNotNull().isNotEqualTo(done);
		try (PreparedStatement query = this.connection
			.prepareStatement("SELECT status, published_at, raw_bytes, owner_id FROM uploads WHERE id = ?")) {
			query.setObject(1, again);
			try (ResultSet row = query.executeQuery()) {
				assertThat(row.next()).isTrue();
				assertThat(row.getString("status")).isEqualTo("queued");
				assertThat(row.getObject("published_at")).as("left for the outbox relay").isNull();
				assertThat(row.getBytes("raw_bytes")).containsExactly(1, 2, 3);
				assertThat(row.getString("owner_id")).isEqualTo("1");
			}
		}
	}

	@Test
	void aNewerUploadOfTheUserWinsOverTheReprocess() throws Exception {
		UUID done = insertUpload("users", "2", "profile", "done", new byte[] { 1 });
		insertUpload("users", "2", "profile", "queued", new byte[] { 2 });

		assertThat(new StoredUploads(this.connection, List.of()).requeue(done)).isNull();
	}

	@Test
	void onlyImagesWhoseNewestUploadIsDoneOlderThanTheRunAndInTheChosenSlotsAreEligible() throws Exception {
		insertUpload("users", "a", "profile", "done", new byte[] { 1 });
		insertUpload("users", "b", "profile", "failed", new byte[] { 1 });
		insertUpload("users", "c", "profile", "done", null);
		insertUpload("organizations", "d", "logo", "done", new byte[] { 1 });
		OffsetDateTime runStart = new StoredUploads(this.connection, List.of()).now();
		Thread.sleep(20);
		insertUpload("users", "e", "profile", "done", new byte[] { 1 });
		StoredUploads profiles = new StoredUploads(this.connection,
				List.<String[]>of(new String[] { "users", "profile" }));

		assertThat(profiles.countEligible(runStart, "")).isEqualTo(1);
		assertThat(profiles.next(runStart, "", 10))
			.extracting(StoredUploads.Newest::key, StoredUploads.Newest::eligible)
			.containsExactly(tuple("users/a/profile", true), tuple("users/b/profile", false),
					tuple("users/c/profile", false), tuple("users/e/profile", false));
		assertThat(profiles.next(runStart, "users/b/profile", 10)).extracting(StoredUploads.Newest::key)
			.containsExactly("users/c/profile", "users/e/profile");
		assertThat(new StoredUploads(this.connection, List.of()).countEligible(runStart, "")).isEqualTo(2);
	}

	private UUID insertUpload(String ownerType, String ownerId, String slot, String status, byte[] bytes)
			throws Exception {
		UUID id = UUID.randomUUID();
		try (PreparedStatement insert = this.connection.prepareStatement(
				"""
						INSERT INTO uploads (id, owner_type, owner_id, slot, media_type, byte_size, width, height, raw_bytes, status)
						VALUES (?, ?, ?, ?, 'image/jpeg', 3, 10, 10, ?, ?)
						""")) {
			insert.setObject(1, id);
			insert.setString(2, ownerType);
			insert.setString(3, ownerId);
			insert.setString(4, slot);
			insert.setBytes(5, bytes);
			insert.setString(6, status);
			insert.executeUpdate();
		}
		return id;
	}

}
