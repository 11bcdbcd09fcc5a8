package io.imagepipe.imports.reprocess;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.imagepipe.contract.upload.UploadTransitions;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The uploads table as reprocessing sees it. Listing never reads the raw bytes; the copy
 * of an upload's bytes into a new upload happens inside the database.
 */
final class StoredUploads {

	private final Connection connection;

	private final UploadTransitions transitions;

	private final List<String[]> only;

	/**
	 * @param connection a connection to the imagepipe database
	 * @param only the {@code ownerType/slot} pairs to reprocess, or empty for all
	 */
	StoredUploads(Connection connection, List<String[]> only) {
		this.connection = connection;
		this.transitions = new UploadTransitions(JdbcClient.create(new SingleConnectionDataSource(connection, true)));
		this.only = only;
	}

	OffsetDateTime now() throws SQLException {
		try (PreparedStatement statement = this.connection.prepareStatement("SELECT now()");
				ResultSet rows = statement.executeQuery()) {
			rows.next();
			return rows.getObject(1, OffsetDateTime.class);
		}
	}

	/**
	 * Count the images a run still has to reprocess.
	 * @param startedAt when the run started
	 * @param afterKey the last key already handled
	 * @return the number of images whose newest upload is done, older than the run, and
	 * still has its raw bytes
	 * @throws SQLException when the query fails
	 */
	long countEligible(OffsetDateTime startedAt, String afterKey) throws SQLException {
		String sql = "SELECT count(*) FROM (" + newestUploads("") + ") newest WHERE " + ELIGIBLE;
		try (PreparedStatement statement = this.connection.prepareStatement(sql)) {
			int next = bindKeyAndFilter(statement, 1, afterKey);
			statement.setObject(next, startedAt);
			try (ResultSet rows = statement.executeQuery()) {
				rows.next();
				return rows.getLong(1);
			}
		}
	}

	/**
	 * The newest upload of each of the next images after a key, in key order.
	 * @param startedAt when the run started
	 * @param afterKey the last key already handled
	 * @param limit how many images
	 * @return the newest upload of each, with whether the run should reprocess it
	 * @throws SQLException when the query fails
	 */
	List<Newest> next(OffsetDateTime startedAt, String afterKey, int limit) throws SQLException {
		String sql = "SELECT id, key, " + ELIGIBLE + " AS eligible FROM (" + newestUploads(" LIMIT " + limit)
				+ ") newest ORDER BY owner_type, owner_id, slot";
		try (PreparedStatement statement = this.connection.prepareStatement(sql)) {
			statement.setObject(1, startedAt);
			bindKeyAndFilter(statement, 2, afterKey);
			List<Newest> uploads = new ArrayList<>();
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					uploads.add(new Newest(rows.getObject("id", UUID.class), rows.getString("key"),
							rows.getBoolean("eligible")));
				}
			}
			return uploads;
		}
	}

	/**
	 * Queue an image again: a new upload with the bytes of its newest upload, provided
	 * that upload is still the newest and done (the reprocess transition of
	 * {@link UploadTransitions}, which ops-console's "Reprocess all" runs too).
	 * ingest-api's outbox relay publishes it like any upload whose publish is pending.
	 * The copy records the user's upload it remakes ({@code source_seq}), so the worker
	 * never lets it replace an upload made after that one, even one still being committed
	 * while this statement ran.
	 * @param source the newest upload
	 * @return the new upload's id, or {@code null} when a newer upload came in meanwhile
	 */
	UUID requeue(UUID source) {
		return this.transitions.reprocess(source).orElse(null);
	}

	/**
	 * Read the status of some uploads.
	 * @param ids the uploads
	 * @return each one's status and error
	 * @throws SQLException when the query fails
	 */
	Map<UUID, String[]> statuses(Collection<UUID> ids) throws SQLException {
		Map<UUID, String[]> statuses = new HashMap<>();
		if (ids.isEmpty()) {
			return statuses;
		}
		try (PreparedStatement statement = this.connection
			.prepareStatement("SELECT id, status, last_error FROM uploads WHERE id = ANY (?)")) {
			Array array = this.connection.createArrayOf("uuid", ids.toArray());
			statement.setArray(1, array);
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					statuses.put(rows.getObject("id", UUID.class),
							new String[] { rows.getString("status"), rows.getString("last_error") });
				}
			}
		}
		return statuses;
	}

	private static final String ELIGIBLE = "(status = 'done' AND has_bytes AND created_at < ?)";

	private String newestUploads(String limit) {
		StringBuilder where = new StringBuilder("(owner_type, owner_id, slot) > (?, ?, ?)");
		for (int i = 0; i < this.only.size(); i++) {
			where.append((i == 0) ? " AND ((" : " OR (").append("owner_type = ? AND slot = ?)");
		}
		if (!this.only.isEmpty()) {
			where.append(")");
		}
		return """
				SELECT DISTINCT ON (owner_type, owner_id, slot) id, owner_type, owner_id, slot, status, created_at,
				       raw_bytes IS NOT NULL AS has_bytes, owner_type || '/' || owner_id || '/' || slot AS key
				FROM uploads WHERE %s
				ORDER BY owner_type, owner_id, slot, seq DESC%s""".formatted(where, limit);
	}

	private int bindKeyAndFilter(PreparedStatement statement, int first, String afterKey) throws SQLException {
		String[] key = afterKey.isEmpty() ? new String[] { "", "", "" } : afterKey.split("/", 3);
		int index = first;
		for (String part : key) {
			statement.setString(index++, part);
		}
		for (String[] pair : this.only) {
			statement.setString(index++, pair[0]);
			statement.setString(index++, pair[1]);
		}
		return index;
	}

	/**
	 * The newest upload of one image.
	 *
	 * @param id the upload
	 * @param key the image key, {@code ownerType/ownerId/slot}
	 * @param eligible whether the run should reprocess it
	 */
	record Newest(UUID id, String key, boolean eligible) {
	}

}
