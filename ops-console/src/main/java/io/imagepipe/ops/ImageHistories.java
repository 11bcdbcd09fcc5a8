package io.imagepipe.ops;

import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import io.imagepipe.contract.ImageKey;
import io.imagepipe.contract.VersionedUrls;
import io.imagepipe.ops.ImageHistory.Outcome;
import io.imagepipe.ops.ImageHistory.Round;
import io.imagepipe.ops.ImageHistory.Served;
import io.imagepipe.ops.ImageHistory.Upload;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads the history of one image: its uploads, their earlier rounds and the image served.
 */
@Repository
class ImageHistories {

	private static final int MAX_UPLOADS = 50;

	private final JdbcClient jdbc;

	private final URI publicBaseUrl;

	ImageHistories(JdbcClient jdbc, UploadSettings properties) {
		this.jdbc = jdbc;
		this.publicBaseUrl = properties.publicImageBaseUrl();
	}

	ImageHistory of(ImageKey key) {
		Optional<Served> served = served(key);
		UUID servedId = served.map(Served::uploadId).orElse(null);
		List<Upload> uploads = this.jdbc.sql("""
				SELECT id, status, created_at, started_at, finished_at, attempts, error_class, last_error,
				       byte_size, media_type, width, height, discarded_at IS NOT NULL AS discarded
				FROM uploads WHERE owner_type = :ownerType AND owner_id = :ownerId AND slot = :slot
				ORDER BY seq DESC LIMIT :limit
				""").params(keyParams(key)).param("limit", MAX_UPLOADS).query((rs, n) -> upload(rs, servedId)).list();
		Map<UUID, List<Round>> rounds = rounds(uploads.stream().map(Upload::uploadId).toList());
		List<Upload> withRounds = uploads.stream()
			.map((upload) -> upload.withEarlierRounds(rounds.getOrDefault(upload.uploadId(), List.of())))
			.toList();
		return new ImageHistory(key.ownerType(), key.ownerId(), key.slot(), served.orElse(null), withRounds);
	}

	/**
	 * Where one upload is now.
	 * @param id the upload
	 * @return its status, its error and the URL of the image made from it while served
	 */
	Optional<Outcome> outcome(UUID id) {
		return this.jdbc.sql("""
				SELECT u.id, u.status, u.last_error, u.owner_type, u.owner_id, u.slot, i.sha256
				FROM uploads u LEFT JOIN images i ON i.upload_id = u.id
				WHERE u.id = :id
				""").param("id", id).query((rs, n) -> {
			String sha256 = rs.getString("sha256");
			ImageKey key = new ImageKey(rs.getString("owner_type"), rs.getString("owner_id"), rs.getString("slot"));
			return new Outcome(id, rs.getString("status"), rs.getString("last_error"),
					(sha256 != null) ? VersionedUrls.versionedUrl(this.publicBaseUrl, key, sha256) : null);
		}).optional();
	}

	private static Upload upload(ResultSet rs, UUID servedId) throws SQLException {
		UUID id = rs.getObject("id", UUID.class);
		return new Upload(id, rs.getString("status"), rs.getObject("created_at", OffsetDateTime.class),
				rs.getObject("started_at", OffsetDateTime.class), rs.getObject("finished_at", OffsetDateTime.class),
				rs.getInt("attempts"), rs.getString("error_class"), rs.getString("last_error"), rs.getInt("byte_size"),
				rs.getString("media_type"), rs.getInt("width"), rs.getInt("height"), rs.getBoolean("discarded"),
				id.equals(servedId), OpsPaths.preview(id), List.of());
	}

	private Optional<Served> served(ImageKey key) {
		return this.jdbc.sql("""
				SELECT upload_id, version, sha256, updated_at FROM images
				WHERE owner_type = :ownerType AND owner_id = :ownerId AND slot = :slot
				""")
			.params(keyParams(key))
			.query((rs, n) -> new Served(rs.getObject("upload_id", UUID.class), rs.getLong("version"),
					VersionedUrls.versionedUrl(this.publicBaseUrl, key, rs.getString("sha256")),
					rs.getObject("updated_at", OffsetDateTime.class)))
			.optional();
	}

	private Map<UUID, List<Round>> rounds(List<UUID> uploadIds) {
		if (uploadIds.isEmpty()) {
			return Map.of();
		}
		return this.jdbc.sql("""
				SELECT r.upload_id, r.attempts, r.error_class, r.last_error, r.failed_at, r.retried_at, a.actor
				FROM upload_retries r JOIN ops_actions a ON a.id = r.action_id
				WHERE r.upload_id IN (:ids) ORDER BY r.retried_at, r.id
				""")
			.param("ids", uploadIds)
			.query(ImageHistories::round)
			.list()
			.stream()
			.collect(Collectors.groupingBy(Map.Entry::getKey,
					Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
	}

	private static Map.Entry<UUID, Round> round(ResultSet rs, int row) throws SQLException {
		return Map.entry(rs.getObject("upload_id", UUID.class),
				new Round(rs.getInt("attempts"), rs.getString("error_class"), rs.getString("last_error"),
						rs.getObject("failed_at", OffsetDateTime.class),
						rs.getObject("retried_at", OffsetDateTime.class), rs.getString("actor")));
	}

	private static Map<String, Object> keyParams(ImageKey key) {
		return Map.of("ownerType", key.ownerType(), "ownerId", key.ownerId(), "slot", key.slot());
	}

}
