package io.imagepipe.ingest.events;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.imagepipe.contract.ImageKey;
import io.imagepipe.contract.UploadStatus;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The states of uploads, read by primary key without their bytes.
 */
@Repository
class UploadStates {

	private static final String COLUMNS = "id, owner_type, owner_id, slot, status, result_sha256, last_error";

	private final JdbcClient jdbc;

	UploadStates(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<UploadState> find(UUID id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM uploads WHERE id = :id")
			.param("id", id)
			.query(UploadStates::read)
			.optional();
	}

	/**
	 * Read many uploads in one statement, whose text is the same whatever their number.
	 * @param ids the uploads
	 * @return those that exist
	 */
	List<UploadState> findAll(Collection<UUID> ids) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM uploads WHERE id = ANY(:ids)")
			.param("ids", ids.toArray(UUID[]::new))
			.query(UploadStates::read)
			.list();
	}

	private static UploadState read(ResultSet rs, int row) throws SQLException {
		return new UploadState(rs.getObject("id", UUID.class),
				new ImageKey(rs.getString("owner_type"), rs.getString("owner_id"), rs.getString("slot")),
				UploadStatus.of(rs.getString("status")), rs.getString("result_sha256"), rs.getString("last_error"));
	}

}
