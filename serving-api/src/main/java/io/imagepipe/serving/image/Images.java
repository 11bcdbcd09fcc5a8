package io.imagepipe.serving.image;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.imagepipe.contract.ImageChange;
import io.imagepipe.contract.ImageKey;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The images and their renditions as serving-api sees them: read-only. The current state
 * of an image ({@link #findCurrent}) is one statement that reads no bytes, only the first
 * {@value WebpSignature#LENGTH} of each (a slice of the out-of-line value, not the whole
 * of it) for the WebP check; the {@code …WithBytes} queries read all of them; the
 * {@code uploads} table is never read. The length is the stored value's own
 * ({@code octet_length}, free for a value stored out of line), so a {@code HEAD}
 * announces what a {@code GET} sends. The stored {@code content_type} is not read: the
 * media type comes from the WebP signature. A rendition is read joined to its image in
 * one statement, so it always comes with the time and placeholder of the image it was
 * made from; its version token is its own hash's.
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

	private static final String IMAGE_WITH_BYTES = IMAGE_COLUMNS + ", bytes" + BY_KEY;

	private static final String RENDITION_WITH_BYTES = RENDITION_COLUMNS + ", r.bytes" + NARROWEST_RENDITION_AT_LEAST;

	private static final String CURRENT = """
			SELECT i.change_seq, i.width, i.height, octet_length(i.bytes) AS byte_size, i.sha256, i.updated_at,
			       i.placeholder_color, substring(i.bytes FROM 1 FOR %1$d) AS signature,
			       r.width AS r_width, r.height AS r_height, octet_length(r.bytes) AS r_byte_size,
			       r.sha256 AS r_sha256, substring(r.bytes FROM 1 FOR %1$d) AS r_signature
			FROM images i LEFT JOIN image_renditions r
			  ON r.owner_type = i.owner_type AND r.owner_id = i.owner_id AND r.slot = i.slot
			WHERE i.owner_type = :ownerType AND i.owner_id = :ownerId AND i.slot = :slot
			ORDER BY r.width
			""".formatted(WebpSignature.LENGTH);

	private static final RowMapper<StoredImage> WITH_BYTES = (rs, row) -> new StoredImage(metadata(rs),
			rs.getBytes("bytes"));

	private final JdbcClient jdbc;

	Images(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The current state of an image and its renditions, without their bytes, in one
	 * statement.
	 * @param key the image
	 * @return it, or empty when it has none
	 */
	Optional<CurrentImage> findCurrent(ImageKey key) {
		return this.jdbc.sql(CURRENT).params(parameters(key)).query((ResultSet rs) -> {
			if (!rs.next()) {
				return Optional.<CurrentImage>empty();
			}
			long changeSeq = rs.getLong("change_seq");
			String placeholder = rs.getString("placeholder_color");
			placeholder = (placeholder != null) ? placeholder.strip() : null;
			java.time.Instant updatedAt = rs.getObject("updated_at", OffsetDateTime.class).toInstant();
			CurrentImage.Answer image = CurrentImage.Answer
				.of(new ImageMetadata(rs.getInt("width"), rs.getInt("height"), rs.getInt("byte_size"),
						rs.getString("sha256").strip(), updatedAt, false, placeholder), rs.getBytes("signature"));
			List<CurrentImage.Answer> renditions = new ArrayList<>();
			do {
				String sha256 = rs.getString("r_sha256");
				if (sha256 != null) {
					renditions.add(
							CurrentImage.Answer.of(
									new ImageMetadata(rs.getInt("r_width"), rs.getInt("r_height"),
											rs.getInt("r_byte_size"), sha256.strip(), updatedAt, true, placeholder),
									rs.getBytes("r_signature")));
				}
			}
			while (rs.next());
			return Optional.of(new CurrentImage(changeSeq, image, List.copyOf(renditions), java.util.Set.of()));
		});
	}

	/**
	 * The highest change number committed so far, of a write or a deletion.
	 * @return it, {@code 0} when nothing changed yet
	 */
	long lastChange() {
		return this.jdbc.sql("""
				SELECT greatest((SELECT max(change_seq) FROM images), (SELECT max(change_seq) FROM image_deletions), 0)
				""").query(Long.class).single();
	}

	/**
	 * The changes numbered above a floor, writes and deletions, each image's highest
	 * once.
	 * @param floor the number seen before
	 * @return the changes
	 */
	List<ImageChange> changesAfter(long floor) {
		return this.jdbc.sql("""
				SELECT owner_type, owner_id, slot, max(change_seq) AS change_seq FROM (
				    SELECT owner_type, owner_id, slot, change_seq FROM images WHERE change_seq > :floor
				    UNION ALL
				    SELECT owner_type, owner_id, slot, change_seq FROM image_deletions WHERE change_seq > :floor
				) AS changed GROUP BY owner_type, owner_id, slot
				""")
			.param("floor", floor)
			.query((rs, row) -> new ImageChange(
					new ImageKey(rs.getString("owner_type"), rs.getString("owner_id"), rs.getString("slot")),
					rs.getLong("change_seq")))
			.list();
	}

	/**
	 * The bytes of an image with their metadata.
	 * @param key the image
	 * @return the image, or empty when it has none yet
	 */
	Optional<StoredImage> findWithBytes(ImageKey key) {
		return this.jdbc.sql(IMAGE_WITH_BYTES).params(parameters(key)).query(WITH_BYTES).optional();
	}

	/**
	 * The narrowest rendition at least {@code width} wide, with its bytes.
	 * @return it, or empty when the image itself is the best answer
	 */
	Optional<StoredImage> findRenditionWithBytes(ImageKey key, int width) {
		return this.jdbc.sql(RENDITION_WITH_BYTES)
			.params(parameters(key))
			.param("width", width)
			.query(WITH_BYTES)
			.optional();
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
