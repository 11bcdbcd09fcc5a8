package io.imagepipe.ops;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;

import javax.imageio.ImageIO;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Puts failed uploads into the database the way the worker leaves them: status
 * {@code failed}, an error class and a reason, attempts spent, raw bytes kept.
 */
final class FailedUploadRows {

	private final JdbcClient jdbc;

	FailedUploadRows(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	UUID insert(String ownerType, String ownerId, String slot, String errorClass, String reason, byte[] bytes) {
		UUID id = UUID.randomUUID();
		this.jdbc.sql("""
				INSERT INTO uploads (id, owner_type, owner_id, slot, media_type, byte_size, width, height, raw_bytes,
				                     status, attempts, error_class, last_error, published_at, started_at, finished_at,
				                     created_at)
				VALUES (:id, :ownerType, :ownerId, :slot, 'image/png', :size, 640, 480, :bytes, 'failed', 5,
				        :errorClass, :reason, now() - interval '1 minute', now() - interval '2 seconds', now(),
				        now() - interval '1 minute')
				""")
			.param("id", id)
			.param("ownerType", ownerType)
			.param("ownerId", ownerId)
			.param("slot", slot)
			.param("size", bytes.length)
			.param("bytes", bytes)
			.param("errorClass", errorClass)
			.param("reason", reason)
			.update();
		return id;
	}

	UUID insertUser(String ownerId, String errorClass, String reason) {
		return insert("users", ownerId, "profile", errorClass, reason, png(640, 480));
	}

	String status(UUID id) {
		return this.jdbc.sql("SELECT status FROM uploads WHERE id = :id").param("id", id).query(String.class).single();
	}

	static String uniqueOwner(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	static byte[] png(int width, int height) {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D graphics = image.createGraphics();
		graphics.setColor(new Color(0x2f62c9));
		graphics.fillRect(0, 0, width, height);
		graphics.setColor(Color.ORANGE);
		graphics.fillOval(width / 4, height / 4, width / 2, height / 2);
		graphics.dispose();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try {
			ImageIO.write(image, "png", out);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

}
