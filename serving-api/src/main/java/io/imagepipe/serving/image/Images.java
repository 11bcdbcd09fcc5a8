package io.imagepipe.serving.image;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;

import io.imagepipe.contract.ImageKey;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The images table as serving-api sees it: read-only, one query per answer. Only
 * {@link #findWithBytes} selects the bytes; the {@code uploads} table is never read.
 */
@Repository
class Images {

	private static final String METADATA_COLUMNS = "content_type, width, height, byte_size, sha256, updated_at";

	private static final String BY_KEY = " FROM images WHERE owner_type = :ownerType AND owner_id = :ownerId AND slot = :slot";

	private final JdbcClient jdbc;

	Images(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The metadata of an image, without reading its bytes.
	 * @param key the image
	 * @return its metadata, or empty when it has none yet
	 */
	Optional<ImageMetadata> findMetadata(ImageKey key) {
		return this.jdbc.sql("SELECT " + METADATA_COLUMNS + BY_KEY)
			.params(parameters(key))
			.query((rs, row) -> metadata(rs))
			.optional();
	}

	/**
	 * The bytes of an image with their metadata.
	 * @param key the image
	 * @return the image, or empty when it has none yet
	 */
	Optional<StoredImage> findWithBytes(ImageKey key) {
		return this.jdbc.sql("SELECT " + METADATA_COLUMNS + ", bytes" + BY_KEY)
			.params(parameters(key))
			.query((rs, row) -> new StoredImage(metadata(rs), rs.getBytes("bytes")))
			.optional();
	}

	private static Map<String, Object> parameters(ImageKey key) {
		return Map.of("ownerType", key.ownerType(), "ownerId", key.ownerId(), "slot", key.slot());
	}

	private static ImageMetadata metadata(ResultSet rs) throws SQLException {
		return new ImageMetadata(rs.getString("content_type"), rs.getInt("width"), rs.getInt("height"),
				rs.getInt("byte_size"), rs.getString("sha256").strip(),
				rs.getObject("updated_at", OffsetDateTime.class).toInstant());
	}

}
