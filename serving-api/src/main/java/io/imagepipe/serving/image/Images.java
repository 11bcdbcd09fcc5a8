package io.imagepipe.serving.image;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.imagepipe.contract.ImageKey;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The images and their renditions as serving-api sees them: read-only, one query per
 * answer. The metadata queries read no bytes, the {@code …Head} queries only the first
 * {@value WebpSignature#LENGTH} (a slice of the out-of-line value, not the whole of it),
 * and the {@code …WithBytes} queries all of them; the {@code uploads} table is never
 * read. The length is the stored value's own ({@code octet_length}, free for a value
 * stored out of line), so a {@code HEAD} announces what a {@code GET} sends. The stored
 * {@code content_type} is not read: the media type comes from the WebP signature. A
 * rendition is read joined to its image in one statement, so it always comes with the
 * time and placeholder of the image it was made from; its version token is its own
 * hash's.
 */
@Repository
class Images {

	private static final String IMAGE_COLUMNS = "SELECT width, height, octet_length(bytes) AS byte_size, sha256, "
			+ "updated_at, false AS rendition, placeholder_color";

	private static final String BY_KEY = " FROM images WHERE owner_type = :ownerType AND owner_id = :ownerId AND slot = :slot";

	private static final String RENDITION_COLUMNS = "SELECT r.width, r.height, octet_length(r.bytes) AS byte_size, "
			+ "r.sha256, i.updated_at, true AS rendition, i.placeholder_color";

	private static final String NARROWEST_RENDITION_AT_LEAST = """
			 FROM images i JOIN image_renditions r
			   ON r.owner_type = i.owner_type AND r.owner_id = i.owner_id AND r.slot = i.slot
			WHERE i.owner_type = :ownerType AND i.owner_id = :ownerId AND i.slot = :slot
			  AND r.width >= :width AND r.width < i.width
			ORDER BY r.width LIMIT 1
			""";

	private static final String IMAGE_METADATA = IMAGE_COLUMNS + BY_KEY;

	private static final String IMAGE_HEAD = IMAGE_COLUMNS + ", substring(bytes FROM 1 FOR " + WebpSignature.LENGTH
			+ ") AS bytes" + BY_KEY;

	private static final String IMAGE_WITH_BYTES = IMAGE_COLUMNS + ", bytes" + BY_KEY;

	private static final String RENDITION_METADATA = RENDITION_COLUMNS + NARROWEST_RENDITION_AT_LEAST;

	private static final String RENDITION_HEAD = RENDITION_COLUMNS + ", substring(r.bytes FROM 1 FOR "
			+ WebpSignature.LENGTH + ") AS bytes" + NARROWEST_RENDITION_AT_LEAST;

	private static final String RENDITION_WITH_BYTES = RENDITION_COLUMNS + ", r.bytes" + NARROWEST_RENDITION_AT_LEAST;

	private static final RowMapper<ImageMetadata> METADATA = (rs, row) -> metadata(rs);

	private static final RowMapper<ImageHead> HEAD = (rs, row) -> new ImageHead(metadata(rs), rs.getBytes("bytes"));

	private static final RowMapper<StoredImage> WITH_BYTES = (rs, row) -> new StoredImage(metadata(rs),
			rs.getBytes("bytes"));

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
		return image(IMAGE_METADATA, key, METADATA);
	}

	/**
	 * The metadata of an image with its leading bytes.
	 * @param key the image
	 * @return them, or empty when it has none yet
	 */
	Optional<ImageHead> findHead(ImageKey key) {
		return image(IMAGE_HEAD, key, HEAD);
	}

	/**
	 * The bytes of an image with their metadata.
	 * @param key the image
	 * @return the image, or empty when it has none yet
	 */
	Optional<StoredImage> findWithBytes(ImageKey key) {
		return image(IMAGE_WITH_BYTES, key, WITH_BYTES);
	}

	/**
	 * The metadata of the narrowest rendition at least {@code width} wide.
	 * @return it, or empty when the image itself is the best answer
	 */
	Optional<ImageMetadata> findRenditionMetadata(ImageKey key, int width) {
		return rendition(RENDITION_METADATA, key, width, METADATA);
	}

	/**
	 * The metadata of the narrowest rendition at least {@code width} wide, with its
	 * leading bytes.
	 * @return them, or empty when the image itself is the best answer
	 */
	Optional<ImageHead> findRenditionHead(ImageKey key, int width) {
		return rendition(RENDITION_HEAD, key, width, HEAD);
	}

	/**
	 * The narrowest rendition at least {@code width} wide, with its bytes.
	 * @return it, or empty when the image itself is the best answer
	 */
	Optional<StoredImage> findRenditionWithBytes(ImageKey key, int width) {
		return rendition(RENDITION_WITH_BYTES, key, width, WITH_BYTES);
	}

	/**
	 * The renditions of an image, narrowest first, without their bytes.
	 */
	List<Rendition> findRenditions(ImageKey key) {
		return this.jdbc.sql("""
				SELECT width, height, octet_length(bytes) AS byte_size, sha256 FROM image_renditions
				WHERE owner_type = :ownerType AND owner_id = :ownerId AND slot = :slot ORDER BY width
				""")
			.params(parameters(key))
			.query((rs, row) -> new Rendition(rs.getInt("width"), rs.getInt("height"), rs.getInt("byte_size"),
					rs.getString("sha256").strip()))
			.list();
	}

	private <T> Optional<T> image(String sql, ImageKey key, RowMapper<T> mapper) {
		return this.jdbc.sql(sql).params(parameters(key)).query(mapper).optional();
	}

	private <T> Optional<T> rendition(String sql, ImageKey key, int width, RowMapper<T> mapper) {
		return this.jdbc.sql(sql).params(parameters(key)).param("width", width).query(mapper).optional();
	}

	private static Map<String, Object> parameters(ImageKey key) {
		return Map.of("ownerType", key.ownerType(), "ownerId", key.ownerId(), "slot", key.slot());
	}

	private static ImageMetadata metadata(ResultSet rs) throws SQLException {
		String placeholder = rs.getString("placeholder_color");
		return new ImageMetadata(rs.getInt("width"), rs.getInt("height"), rs.getInt("byte_size"),
				rs.getString("sha256").strip(), rs.getObject("updated_at", OffsetDateTime.class).toInstant(),
				rs.getBoolean("rendition"), (placeholder != null) ? placeholder.strip() : null);
	}

	/**
	 * A rendition as listed in the metadata.
	 *
	 * @param width its width
	 * @param height its height
	 * @param byteSize the length of its bytes
	 * @param sha256 the hash of its bytes, whose token is the {@code v} of its URL
	 */
	record Rendition(int width, int height, int byteSize, String sha256) {
	}

}
