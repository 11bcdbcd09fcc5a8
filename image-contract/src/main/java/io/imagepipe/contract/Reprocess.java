package io.imagepipe.contract;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Reprocessing, as ops-console's API and {@code image-import reprocess} both run it (ADR
 * 0009, 0016): an image is queued again as a new upload that copies, inside the database,
 * the raw bytes of the upload it was made from, and only while that upload is
 * {@code done}, still has its bytes and is the newest upload of its image, so a user's
 * newer upload always wins. Each copy records the user's upload it remakes
 * ({@code source_seq}), so the worker never lets it replace an upload made after that
 * one, even one still being committed while the copy is made. The copy is {@code queued}
 * with no {@code published_at}: ingest-api's outbox relay publishes it like any upload
 * whose publish is pending. Plain JDBC on the caller's connection and transaction, so the
 * command line tool and the Spring service share one statement.
 */
public final class Reprocess {

	private static final String COPY = """
			INSERT INTO uploads (id, owner_type, owner_id, slot, media_type, byte_size, width, height, raw_bytes,
			                     source_seq)
			SELECT %s, u.owner_type, u.owner_id, u.slot, u.media_type, u.byte_size, u.width, u.height, u.raw_bytes,
			       coalesce(u.source_seq, u.seq)
			%s
			  AND u.status = 'done' AND u.raw_bytes IS NOT NULL
			  AND NOT EXISTS (SELECT 1 FROM uploads n WHERE n.owner_type = u.owner_type
			                  AND n.owner_id = u.owner_id AND n.slot = u.slot AND n.seq > u.seq)
			%s
			""";

	private static final String ONE = COPY.formatted("?", "FROM uploads u WHERE u.id = ?", "");

	private static final String IMAGES_AFTER = COPY.formatted("gen_random_uuid()", """
			FROM images i JOIN uploads u ON u.id = i.upload_id
			WHERE (i.owner_type, i.owner_id, i.slot) > (?, ?, ?)""", """
			ORDER BY i.owner_type, i.owner_id, i.slot
			LIMIT ?
			RETURNING owner_type, owner_id, slot""");

	private Reprocess() {
	}

	/**
	 * Queue one image again from one of its uploads.
	 * @param connection a connection to the imagepipe database, in the caller's
	 * transaction
	 * @param source the upload to remake, the newest of its image
	 * @return the new upload's id, or {@code null} when that upload is no longer the
	 * newest, not done, or has no bytes
	 * @throws SQLException when the insert fails
	 */
	public static UUID queueAgain(Connection connection, UUID source) throws SQLException {
		UUID id = UUID.randomUUID();
		try (PreparedStatement statement = connection.prepareStatement(ONE)) {
			statement.setObject(1, id);
			statement.setObject(2, source);
			return (statement.executeUpdate() == 1) ? id : null;
		}
	}

	/**
	 * Queue again, in key order, the next served images after a key, each from the upload
	 * it is served from: one batch of a reprocess of every image.
	 * @param connection a connection to the imagepipe database, in the caller's
	 * transaction
	 * @param after the last key already handled, or {@code null} to start at the first
	 * @param limit the most images to look at
	 * @return the keys of the images queued again, in key order; empty when no image
	 * after the key is left to queue
	 * @throws SQLException when the insert fails
	 */
	public static List<ImageKey> queueImagesAfter(Connection connection, ImageKey after, int limit)
			throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(IMAGES_AFTER)) {
			statement.setString(1, (after != null) ? after.ownerType() : "");
			statement.setString(2, (after != null) ? after.ownerId() : "");
			statement.setString(3, (after != null) ? after.slot() : "");
			statement.setInt(4, limit);
			List<ImageKey> queued = new ArrayList<>();
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					queued.add(new ImageKey(rows.getString(1), rows.getString(2), rows.getString(3)));
				}
			}
			return queued;
		}
	}

}
