package io.imagepipe.e2e;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import io.imagepipe.testsupport.TestInfrastructure;

/**
 * The database of a {@link FaultCluster}, for what the tests do below the HTTP API:
 * uploads committed but never published, cut connections, and the state of one upload.
 */
final class FaultDatabase {

	private final TestInfrastructure infrastructure;

	FaultDatabase(TestInfrastructure infrastructure) {
		this.infrastructure = infrastructure;
	}

	/**
	 * Insert an upload as if ingest-api had committed it and died before publishing.
	 * @param ownerId the owner
	 * @param bytes the image
	 * @return its id
	 */
	UUID insertUnpublished(String ownerId, byte[] bytes) throws SQLException {
		UUID id = UUID.randomUUID();
		try (Connection connection = this.infrastructure.openDatabaseConnection();
				PreparedStatement insert = connection.prepareStatement(
						"""
								INSERT INTO uploads (id, owner_type, owner_id, slot, media_type, byte_size, width, height, raw_bytes)
								VALUES (?, 'users', ?, 'profile', 'image/jpeg', ?, 1, 1, ?)
								""")) {
			insert.setObject(1, id);
			insert.setString(2, ownerId);
			insert.setInt(3, bytes.length);
			insert.setBytes(4, bytes);
			insert.executeUpdate();
		}
		return id;
	}

	/**
	 * Terminate every server process serving this cluster's database, as a database
	 * restart does to open connections.
	 * @return how many connections were cut
	 */
	int terminateDatabaseBackends() throws SQLException {
		try (Connection connection = this.infrastructure.openDatabaseConnection();
				Statement statement = connection.createStatement()) {
			var rs = statement.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
					+ "WHERE datname = current_database() AND pid <> pg_backend_pid()");
			rs.next();
			return rs.getInt(1);
		}
	}

	/**
	 * Stamp uploads as published, so the relay leaves them alone for a while and a test
	 * decides when their jobs are delivered.
	 */
	void markPublished(UUID... ids) throws SQLException {
		try (Connection connection = this.infrastructure.openDatabaseConnection();
				PreparedStatement update = connection
					.prepareStatement("UPDATE uploads SET published_at = now() WHERE id = ?")) {
			for (UUID id : ids) {
				update.setObject(1, id);
				update.executeUpdate();
			}
		}
	}

	/**
	 * One column of an upload's row.
	 */
	String uploadColumn(UUID id, String column) throws SQLException {
		try (Connection connection = this.infrastructure.openDatabaseConnection();
				PreparedStatement select = connection
					.prepareStatement("SELECT " + column + "::text FROM uploads WHERE id = ?")) {
			select.setObject(1, id);
			var rs = select.executeQuery();
			return rs.next() ? rs.getString(1) : null;
		}
	}

}
