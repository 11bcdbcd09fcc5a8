package io.imagepipe.serving.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import javax.imageio.ImageIO;

import io.imagepipe.contract.ImageKey;
import io.imagepipe.contract.VersionedUrls;
import io.imagepipe.testsupport.TestInfrastructure;
import org.flywaydb.core.Flyway;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Writes images the way compression-worker does, into this JVM's own migrated database,
 * over a connection of its own (serving-api's connections are read-only).
 */
final class TestImages {

	private static JdbcClient jdbc;

	private static final java.util.Set<ImageChangeFeed> feeds = java.util.concurrent.ConcurrentHashMap.newKeySet();

	private TestImages() {
	}

	/**
	 * This JVM's database, with the schema migrated once.
	 * @return the infrastructure to register in a test context
	 */
	static synchronized TestInfrastructure database() {
		TestInfrastructure infrastructure = TestInfrastructure.get();
		if (jdbc == null) {
			Flyway.configure()
				.dataSource(infrastructure.jdbcUrl(), infrastructure.user(), infrastructure.password())
				.locations("classpath:db/migration")
				.load()
				.migrate();
			jdbc = JdbcClient.create(new DriverManagerDataSource(infrastructure.jdbcUrl(), infrastructure.user(),
					infrastructure.password()));
		}
		return infrastructure;
	}

	/**
	 * Announce every later write to a running service, before the write returns.
	 * @param feed the service's change feed
	 */
	static void announceTo(ImageChangeFeed feed) {
		feeds.add(feed);
	}

	/**
	 * Tell every running service of the test's writes: run their polls now. A closed
	 * context's poll fails quietly.
	 */
	private static void announce() {
		feeds.forEach(ImageChangeFeed::poll);
	}

	/**
	 * A small real WebP image of one colour.
	 * @param color the colour
	 * @return its bytes
	 */
	static byte[] webp(Color color) {
		return webp(color, 8, 6);
	}

	/**
	 * A real WebP image of one colour.
	 * @param color the colour
	 * @param width its width
	 * @param height its height
	 * @return its bytes
	 */
	static byte[] webp(Color color, int width, int height) {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D graphics = image.createGraphics();
		graphics.setColor(color);
		graphics.fillRect(0, 0, width, height);
		graphics.dispose();
		try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			if (!ImageIO.write(image, "webp", out)) {
				throw new IllegalStateException("No WebP writer on the test class path");
			}
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Store an upload and its compressed image, or replace the image's bytes.
	 * @param key the image
	 * @param bytes the compressed bytes
	 * @param contentType the stored media type
	 * @return the stored image
	 */
	static Stored store(ImageKey key, byte[] bytes, String contentType) {
		Stored stored = storeUnannounced(key, bytes, contentType);
		announce();
		return stored;
	}

	/**
	 * Store an upload and its compressed image, or replace the image's bytes, as the
	 * worker does, without telling the running services.
	 * @param key the image
	 * @param bytes the compressed bytes
	 * @param contentType the stored media type
	 * @return the stored image
	 */
	static Stored storeUnannounced(ImageKey key, byte[] bytes, String contentType) {
		UUID upload = storeUpload(key, bytes);
		String sha256 = sha256(bytes);
		Instant updatedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
		database();
		jdbc.sql("""
				INSERT INTO images (owner_type, owner_id, slot, upload_id, upload_seq, content_type, bytes, width,
				                    height, byte_size, sha256, updated_at)
				VALUES (:ownerType, :ownerId, :slot, :upload, (SELECT seq FROM uploads WHERE id = :upload),
				        :contentType, :bytes, 8, 6, :size, :sha256, :updatedAt)
				ON CONFLICT (owner_type, owner_id, slot) DO UPDATE SET upload_id = excluded.upload_id,
				    upload_seq = excluded.upload_seq, bytes = excluded.bytes, byte_size = excluded.byte_size,
				    sha256 = excluded.sha256, version = images.version + 1, updated_at = excluded.updated_at
				""")
			.param("ownerType", key.ownerType())
			.param("ownerId", key.ownerId())
			.param("slot", key.slot())
			.param("upload", upload)
			.param("contentType", contentType)
			.param("bytes", bytes)
			.param("size", bytes.length)
			.param("sha256", sha256)
			.param("updatedAt", java.sql.Timestamp.from(updatedAt))
			.update();
		return new Stored(bytes, sha256, updatedAt);
	}

	static Stored store(ImageKey key, byte[] bytes) {
		return store(key, bytes, "image/webp");
	}

	/**
	 * Give a stored image a size and a placeholder colour, and replace its renditions, as
	 * the worker writes them with the image.
	 * @param key the image
	 * @param width the image's width
	 * @param renditions width → the rendition's bytes (each 2:3 of its width high)
	 * @return width → the stored rendition
	 */
	static java.util.Map<Integer, Stored> storeRenditions(ImageKey key, int width,
			java.util.Map<Integer, byte[]> renditions) {
		database();
		java.util.Map<String, Object> params = java.util.Map.of("ownerType", key.ownerType(), "ownerId", key.ownerId(),
				"slot", key.slot());
		jdbc.sql("UPDATE images SET width = :width, height = :height, placeholder_color = '#336699' "
				+ "WHERE owner_type = :ownerType AND owner_id = :ownerId AND slot = :slot")
			.params(params)
			.param("width", width)
			.param("height", width * 2 / 3)
			.update();
		jdbc.sql("DELETE FROM image_renditions WHERE owner_type = :ownerType AND owner_id = :ownerId AND slot = :slot")
			.params(params)
			.update();
		java.util.Map<Integer, Stored> stored = new java.util.TreeMap<>();
		renditions.forEach((renditionWidth, bytes) -> {
			String sha256 = sha256(bytes);
			jdbc.sql("""
					INSERT INTO image_renditions (owner_type, owner_id, slot, width, height, bytes, byte_size, sha256)
					VALUES (:ownerType, :ownerId, :slot, :width, :height, :bytes, :size, :sha256)
					""")
				.params(params)
				.param("width", renditionWidth)
				.param("height", renditionWidth * 2 / 3)
				.param("bytes", bytes)
				.param("size", bytes.length)
				.param("sha256", sha256)
				.update();
			stored.put(renditionWidth, new Stored(bytes, sha256, null));
		});
		announce();
		return stored;
	}

	/**
	 * Delete an image as ingest-api's deletion does: its row, and with it (on cascade)
	 * its renditions, and the deletion marker.
	 * @param key the image
	 */
	static void delete(ImageKey key) {
		deleteUnannounced(key);
		announce();
	}

	/**
	 * Delete an image as ingest-api's deletion does, without telling the running
	 * services.
	 * @param key the image
	 */
	static void deleteUnannounced(ImageKey key) {
		database();
		jdbc.sql("""
				WITH deleted AS (
				    DELETE FROM images WHERE owner_type = :ownerType AND owner_id = :ownerId AND slot = :slot
				    RETURNING owner_type, owner_id, slot, upload_seq)
				INSERT INTO image_deletions (owner_type, owner_id, slot, upload_seq, actor, scope, had_image, uploads,
				                             bytes_freed)
				SELECT owner_type, owner_id, slot, nextval(pg_get_serial_sequence('uploads', 'seq')), 'test', 'image',
				       true, 0, 0
				FROM deleted
				""")
			.param("ownerType", key.ownerType())
			.param("ownerId", key.ownerId())
			.param("slot", key.slot())
			.update();
	}

	/**
	 * Bytes that open with the WebP signature, {@code RIFF}, a RIFF length that covers
	 * them, {@code WEBP}, but go on with something else, such as HTML: they pass the
	 * signature check without being an image.
	 * @param rest what follows the signature
	 * @return the bytes
	 */
	static byte[] webpSignatureFollowedBy(byte[] rest) {
		ByteBuffer bytes = ByteBuffer.allocate(12 + rest.length).order(ByteOrder.LITTLE_ENDIAN);
		bytes.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(4 + rest.length);
		bytes.put("WEBP".getBytes(StandardCharsets.US_ASCII)).put(rest);
		return bytes.array();
	}

	/**
	 * Change a stored image's row behind the worker's back, as a corrupted or tampered
	 * database would.
	 * @param key the image
	 * @param assignments the SQL {@code SET} list, such as {@code byte_size = 1}
	 */
	static void tamper(ImageKey key, String assignments) {
		database();
		jdbc.sql("UPDATE images SET " + assignments
				+ " WHERE owner_type = :ownerType AND owner_id = :ownerId AND slot = :slot")
			.param("ownerType", key.ownerType())
			.param("ownerId", key.ownerId())
			.param("slot", key.slot())
			.update();
		announce();
	}

	/**
	 * Store only a raw upload, as ingest-api does before any worker has run.
	 * @param key the image
	 * @param rawBytes the uploaded bytes
	 * @return the upload's id
	 */
	static UUID storeUpload(ImageKey key, byte[] rawBytes) {
		database();
		UUID id = UUID.randomUUID();
		jdbc.sql("""
				INSERT INTO uploads (id, owner_type, owner_id, slot, media_type, byte_size, width, height, raw_bytes)
				VALUES (:id, :ownerType, :ownerId, :slot, 'image/png', :size, 8, 6, :bytes)
				""")
			.param("id", id)
			.param("ownerType", key.ownerType())
			.param("ownerId", key.ownerId())
			.param("slot", key.slot())
			.param("size", rawBytes.length)
			.param("bytes", rawBytes)
			.update();
		return id;
	}

	/**
	 * The change number of an image's row, as a writer reads it to announce it.
	 * @param key the image
	 * @return its {@code change_seq}
	 */
	static long changeSeq(ImageKey key) {
		database();
		return jdbc
			.sql("SELECT change_seq FROM images WHERE owner_type = :ownerType AND owner_id = :ownerId "
					+ "AND slot = :slot")
			.param("ownerType", key.ownerType())
			.param("ownerId", key.ownerId())
			.param("slot", key.slot())
			.query(Long.class)
			.single();
	}

	private static String sha256(byte[] bytes) {
		try {
			return VersionedUrls.hex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * An image as stored.
	 *
	 * @param bytes its bytes
	 * @param sha256 their hash
	 * @param updatedAt when they were written, to the second
	 */
	record Stored(byte[] bytes, String sha256, Instant updatedAt) {

		String etag() {
			return "\"" + this.sha256 + "\"";
		}

		String version() {
			return VersionedUrls.versionToken(this.sha256);
		}

	}

}
