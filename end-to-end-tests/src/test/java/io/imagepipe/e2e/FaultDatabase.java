package io.imagepipe.e2e;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
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

	/**
	 * Lock an upload's row, as a transaction holding it would: every statement that
	 * changes the row waits until the lock is released.
	 * @param id the upload
	 * @return the lock, released when closed
	 */
	RowLock lockUpload(UUID id) throws SQLException {
		return new RowLock(id);
	}

	/**
	 * A row lock held by an open transaction, and the statements waiting behind it.
	 */
	final class RowLock implements AutoCloseable {

		private final Connection connection;

		private final int pid;

		private final Set<Integer> seen = new HashSet<>();

		private RowLock(UUID id) throws SQLException {
			this.connection = FaultDatabase.this.infrastructure.openDatabaseConnection();
			try {
				this.connection.setAutoCommit(false);
				try (PreparedStatement lock = this.connection
					.prepareStatement("SELECT pg_backend_pid() FROM uploads WHERE id = ? FOR UPDATE")) {
					lock.setObject(1, id);
					var rs = lock.executeQuery();
					if (!rs.next()) {
						throw new IllegalStateException("No upload " + id);
					}
					this.pid = rs.getInt(1);
				}
			}
			catch (SQLException | RuntimeException ex) {
				this.connection.close();
				throw ex;
			}
		}

		/**
		 * The next statement to start waiting for this lock: one not returned before.
		 * @return its text, or empty while none waits
		 */
		Optional<Waiter> nextWaiter() throws SQLException {
			try (Connection other = FaultDatabase.this.infrastructure.openDatabaseConnection();
					PreparedStatement select = other.prepareStatement(
							"SELECT pid, query FROM pg_stat_activity WHERE ? = ANY(pg_blocking_pids(pid)) ORDER BY pid")) {
				select.setInt(1, this.pid);
				var rs = select.executeQuery();
				while (rs.next()) {
					if (this.seen.add(rs.getInt(1))) {
						return Optional.of(new Waiter(rs.getInt(1), rs.getString(2)));
					}
				}
				return Optional.empty();
			}
		}

		/**
		 * End a waiting statement's server process, as the server does once it notices
		 * that the client of a statement is gone.
		 * @param waiter the waiting statement
		 */
		void terminate(Waiter waiter) throws SQLException {
			try (Connection other = FaultDatabase.this.infrastructure.openDatabaseConnection();
					PreparedStatement terminate = other.prepareStatement("SELECT pg_terminate_backend(?)")) {
				terminate.setInt(1, waiter.pid());
				terminate.executeQuery();
			}
		}

		@Override
		public void close() throws SQLException {
			try {
				this.connection.rollback();
			}
			finally {
				this.connection.close();
			}
		}

	}

	/**
	 * A statement waiting for a {@link RowLock}.
	 *
	 * @param pid its server process
	 * @param query its text
	 */
	record Waiter(int pid, String query) {
	}

}
