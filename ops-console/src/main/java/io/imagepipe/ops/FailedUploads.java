package io.imagepipe.ops;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The failed uploads as the dashboard reads them. No query here reads the bytes except
 * {@link #rawBytes(UUID)}, which only the preview uses.
 */
@Repository
class FailedUploads {

	private static final String COLUMNS = """
			SELECT u.id, u.owner_type, u.owner_id, u.slot, u.media_type, u.byte_size, u.width, u.height,
			       u.attempts + COALESCE(r.attempts, 0) AS attempts, COALESCE(r.retries, 0) AS retries,
			       u.error_class, u.last_error, u.created_at, u.finished_at, u.discarded_at IS NOT NULL AS discarded,
			       EXISTS (SELECT 1 FROM images i JOIN uploads c ON c.id = i.upload_id
			               WHERE i.owner_type = u.owner_type AND i.owner_id = u.owner_id AND i.slot = u.slot
			                 AND (coalesce(c.source_seq, c.seq), i.upload_seq)
			                     > (coalesce(u.source_seq, u.seq), u.seq)) AS newer_served
			FROM uploads u
			LEFT JOIN LATERAL (SELECT count(*) AS retries, sum(attempts) AS attempts FROM upload_retries
			                   WHERE upload_id = u.id) r ON true
			""";

	private final JdbcClient jdbc;

	FailedUploads(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	List<FailedUpload> page(FailureFilter filter, int page, int size) {
		return filter
			.bind(this.jdbc.sql(COLUMNS + " WHERE " + filter.condition()
					+ " ORDER BY u.finished_at DESC, u.id LIMIT :limit OFFSET :offset"))
			.param("limit", size)
			.param("offset", (long) page * size)
			.query(FailedUploads::failedUpload)
			.list();
	}

	long count(FailureFilter filter) {
		return filter.bind(this.jdbc.sql("SELECT count(*) FROM uploads u WHERE " + filter.condition()))
			.query(Long.class)
			.single();
	}

	/**
	 * The error classes of the failed uploads there are.
	 * @return distinct, sorted
	 */
	List<String> errorClasses() {
		return this.jdbc
			.sql("SELECT DISTINCT error_class FROM uploads WHERE status = 'failed' AND error_class IS NOT NULL "
					+ "ORDER BY error_class")
			.query(String.class)
			.list();
	}

	Optional<byte[]> rawBytes(UUID id) {
		return this.jdbc.sql("SELECT raw_bytes FROM uploads WHERE id = :id AND raw_bytes IS NOT NULL")
			.param("id", id)
			.query(byte[].class)
			.optional();
	}

	private static FailedUpload failedUpload(ResultSet rs, int row) throws SQLException {
		UUID id = rs.getObject("id", UUID.class);
		String ownerType = rs.getString("owner_type");
		String ownerId = rs.getString("owner_id");
		String slot = rs.getString("slot");
		return new FailedUpload(id, ownerType, ownerId, slot, rs.getObject("created_at", OffsetDateTime.class),
				rs.getObject("finished_at", OffsetDateTime.class), rs.getInt("attempts"), rs.getInt("retries"),
				rs.getString("error_class"), rs.getString("last_error"), rs.getInt("byte_size"),
				rs.getString("media_type"), rs.getInt("width"), rs.getInt("height"), rs.getBoolean("discarded"),
				rs.getBoolean("newer_served"), OpsPaths.preview(id), OpsPaths.history(ownerType, ownerId, slot));
	}

}
