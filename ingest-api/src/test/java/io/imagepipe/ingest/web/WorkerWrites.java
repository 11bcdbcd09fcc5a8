package io.imagepipe.ingest.web;

import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What compression-worker writes while it processes an upload, written here the way it
 * does, so that ingest-api's reading side can be tested without running a worker.
 */
public final class WorkerWrites {

	private final JdbcClient jdbc;

	public WorkerWrites(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public void processing(UUID upload) {
		this.jdbc
			.sql("UPDATE uploads SET status = 'processing', attempts = attempts + 1, started_at = now() "
					+ "WHERE id = :id")
			.param("id", upload)
			.update();
	}

	/**
	 * Write the image of an upload, with renditions of the given widths, and mark the
	 * upload done.
	 * @param upload the upload
	 * @param sha256 the hash of the image's bytes
	 * @param width the image's width
	 * @param height the image's height
	 * @param placeholder its average colour, or {@code null}
	 * @param renditionWidths the widths of its renditions, each with the hash
	 * {@link #renditionSha256(int)}
	 */
	public void done(UUID upload, String sha256, int width, int height, String placeholder, int... renditionWidths) {
		this.jdbc.sql("""
				INSERT INTO images (owner_type, owner_id, slot, upload_id, upload_seq, bytes, width, height, byte_size,
				                    sha256, placeholder_color)
				SELECT owner_type, owner_id, slot, id, seq, '\\x52494646'::bytea, :width, :height, 4, :sha256,
				       :placeholder
				FROM uploads WHERE id = :id
				ON CONFLICT (owner_type, owner_id, slot) DO UPDATE
				SET upload_id = EXCLUDED.upload_id, upload_seq = EXCLUDED.upload_seq, width = EXCLUDED.width,
				    height = EXCLUDED.height, sha256 = EXCLUDED.sha256, placeholder_color = EXCLUDED.placeholder_color,
				    updated_at = now()
				""")
			.param("id", upload)
			.param("width", width)
			.param("height", height)
			.param("sha256", sha256)
			.param("placeholder", placeholder)
			.update();
		this.jdbc.sql("""
				DELETE FROM image_renditions r USING uploads u
				WHERE u.id = :id AND r.owner_type = u.owner_type AND r.owner_id = u.owner_id AND r.slot = u.slot
				""").param("id", upload).update();
		for (int renditionWidth : renditionWidths) {
			this.jdbc.sql("""
					INSERT INTO image_renditions (owner_type, owner_id, slot, width, height, bytes, byte_size, sha256)
					SELECT owner_type, owner_id, slot, :width, :height, '\\x52494646'::bytea, 4, :sha256
					FROM uploads WHERE id = :id
					""")
				.param("id", upload)
				.param("width", renditionWidth)
				.param("height", renditionWidth * height / width)
				.param("sha256", renditionSha256(renditionWidth))
				.update();
		}
		this.jdbc.sql("UPDATE uploads SET status = 'done', result_sha256 = :sha256, finished_at = now() WHERE id = :id")
			.param("id", upload)
			.param("sha256", sha256)
			.update();
	}

	public void failed(UUID upload, String reason) {
		this.jdbc
			.sql("UPDATE uploads SET status = 'failed', error_class = 'decode', last_error = :reason, "
					+ "finished_at = now() WHERE id = :id")
			.param("id", upload)
			.param("reason", reason)
			.update();
	}

	/**
	 * A SHA-256 in hex that starts with the given digit, so that tests can tell versions
	 * apart.
	 * @param digit a hex digit
	 * @return 64 hex characters
	 */
	public static String sha256(char digit) {
		return String.valueOf(digit).repeat(16) + "0".repeat(48);
	}

	/**
	 * The hash {@link #done} gives a rendition: each has its own, as the worker's do.
	 * @param width the rendition's width
	 * @return its decimal digits repeated, such as {@code 6464…} for 64
	 */
	public static String renditionSha256(int width) {
		return String.valueOf(width).repeat(64).substring(0, 64);
	}

}
