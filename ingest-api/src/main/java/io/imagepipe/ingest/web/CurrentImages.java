package io.imagepipe.ingest.web;

import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.imagepipe.contract.ImageKey;
import io.imagepipe.contract.VersionedUrls;
import io.imagepipe.ingest.upload.UploadProperties;

import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The images table as pages see it: what is served now for a slot, with its renditions,
 * read in one statement and without the bytes.
 */
@Repository
public class CurrentImages {

	private final JdbcClient jdbc;

	private final URI publicBaseUrl;

	CurrentImages(JdbcClient jdbc, UploadProperties properties) {
		this.jdbc = jdbc;
		this.publicBaseUrl = properties.publicImageBaseUrl();
	}

	/**
	 * Read the image served now for a slot.
	 * @param key the image
	 * @return it, or empty when no upload for it has been processed yet
	 */
	public Optional<CurrentImage> find(ImageKey key) {
		return this.jdbc.sql("""
				SELECT i.upload_id, i.sha256, i.width, i.height, i.placeholder_color, i.updated_at,
				       r.width AS rendition_width, r.height AS rendition_height, r.sha256 AS rendition_sha256
				FROM images i
				LEFT JOIN image_renditions r
				       ON r.owner_type = i.owner_type AND r.owner_id = i.owner_id AND r.slot = i.slot
				WHERE i.owner_type = :ownerType AND i.owner_id = :ownerId AND i.slot = :slot
				ORDER BY r.width
				""")
			.param("ownerType", key.ownerType())
			.param("ownerId", key.ownerId())
			.param("slot", key.slot())
			.query((ResultSetExtractor<Optional<CurrentImage>>) (rs) -> Optional
				.ofNullable(rs.next() ? read(key, rs) : null));
	}

	private CurrentImage read(ImageKey key, ResultSet rs) throws SQLException {
		String sha256 = rs.getString("sha256");
		URI versioned = VersionedUrls.versionedUrl(this.publicBaseUrl, key, sha256);
		UUID uploadId = rs.getObject("upload_id", UUID.class);
		int width = rs.getInt("width");
		int height = rs.getInt("height");
		String placeholder = rs.getString("placeholder_color");
		OffsetDateTime updatedAt = rs.getObject("updated_at", OffsetDateTime.class);
		List<CurrentImage.Rendition> renditions = new ArrayList<>();
		do {
			int renditionWidth = rs.getInt("rendition_width");
			if (!rs.wasNull()) {
				// each rendition is versioned by its own hash, as serving-api caches it
				URI renditionUrl = URI.create(
						VersionedUrls.versionedUrl(this.publicBaseUrl, key, rs.getString("rendition_sha256").strip())
								+ "&w=" + renditionWidth);
				renditions.add(new CurrentImage.Rendition(renditionUrl, renditionWidth, rs.getInt("rendition_height")));
			}
		}
		while (rs.next());
		return new CurrentImage(uploadId, versioned, VersionedUrls.imageUrl(this.publicBaseUrl, key),
				VersionedUrls.versionToken(sha256), width, height, placeholder, updatedAt.toInstant(),
				List.copyOf(renditions));
	}

}
