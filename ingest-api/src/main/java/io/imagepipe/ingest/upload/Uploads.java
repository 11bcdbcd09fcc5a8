package io.imagepipe.ingest.upload;

import java.io.ByteArrayInputStream;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

import io.imagepipe.contract.ImageKey;
import io.imagepipe.ingest.upload.ImageInspector.InspectedImage;

import org.springframework.jdbc.core.SqlTypeValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The uploads table as ingest-api sees it: it inserts new uploads and reads their status.
 * No query here reads bytes except the insert that writes them.
 */
@Repository
class Uploads {

	private final JdbcClient jdbc;

	Uploads(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(UUID id, ImageKey key, InspectedImage image, byte[] bytes) {
		this.jdbc.sql("""
				INSERT INTO uploads (id, owner_type, owner_id, slot, media_type, byte_size, width, height, raw_bytes)
				VALUES (:id, :ownerType, :ownerId, :slot, :mediaType, :size, :width, :height, :bytes)
				""")
			.param("id", id)
			.param("ownerType", key.ownerType())
			.param("ownerId", key.ownerId())
			.param("slot", key.slot())
			.param("mediaType", image.mediaType())
			.param("size", bytes.length)
			.param("width", image.width())
			.param("height", image.height())
			.param("bytes", rawBytes(bytes))
			.update();
	}

	/**
	 * The bytes as a stream of known length: pgjdbc writes them to the socket from the
	 * upload's own array (its {@code setBytes} would copy the whole array first).
	 */
	private static SqlTypeValue rawBytes(byte[] bytes) {
		return (statement, index, sqlType, typeName) -> statement.setBinaryStream(index,
				new ByteArrayInputStream(bytes), bytes.length);
	}

	Optional<UploadRow> find(UUID id) {
		return this.jdbc.sql("""
				SELECT id, owner_type, owner_id, slot, media_type, byte_size, width, height, status, attempts,
				       error_class, last_error, result_sha256, created_at, updated_at
				FROM uploads WHERE id = :id
				""")
			.param("id", id)
			.query((rs, n) -> new UploadRow(rs.getObject("id", UUID.class),
					new ImageKey(rs.getString("owner_type"), rs.getString("owner_id"), rs.getString("slot")),
					rs.getString("media_type"), rs.getInt("byte_size"), rs.getInt("width"), rs.getInt("height"),
					rs.getString("status"), rs.getInt("attempts"), rs.getString("error_class"),
					rs.getString("last_error"), rs.getString("result_sha256"),
					rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class)))
			.optional();
	}

	/**
	 * One upload without its bytes.
	 */
	record UploadRow(UUID id, ImageKey key, String mediaType, int byteSize, int width, int height, String status,
			int attempts, String errorClass, String lastError, String resultSha256, OffsetDateTime createdAt,
			OffsetDateTime updatedAt) {
	}

}
