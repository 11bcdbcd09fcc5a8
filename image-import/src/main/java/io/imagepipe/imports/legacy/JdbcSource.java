package io.imagepipe.imports.legacy;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The images of a legacy table, such as the seed's {@code users.profile_photo_data} and
 * {@code profile_photo_url}: a query that returns the columns {@code owner_type},
 * {@code owner_id} and {@code slot}, and {@code bytes} (a BLOB), {@code url} (a legacy
 * URL), or both (the bytes win when present). The rows are streamed, so only one BLOB at
 * a time is held in memory.
 */
final class JdbcSource {

	private final Connection connection;

	private final String query;

	private final LegacyUrls urls;

	JdbcSource(Connection connection, String query, LegacyUrls urls) {
		this.connection = connection;
		this.query = query.strip().replaceFirst(";$", "");
		this.urls = urls;
	}

	/**
	 * Count the query's rows, for the progress.
	 * @return the number of rows
	 * @throws SQLException when the query fails
	 */
	long count() throws SQLException {
		try (PreparedStatement statement = this.connection
			.prepareStatement("SELECT count(*) FROM (" + this.query + ") AS legacy_images");
				ResultSet rows = statement.executeQuery()) {
			rows.next();
			return rows.getLong(1);
		}
	}

	/**
	 * Run the query and read its rows one by one, as the iteration goes.
	 * @param unusable told about each row that names no image or has no picture
	 * @param body what to do with the images
	 * @param <T> what the body returns
	 * @return what the body returned
	 * @throws SQLException when the query fails
	 * @throws IOException when the body fails
	 * @throws InterruptedException when the body is interrupted
	 */
	<T> T read(Consumer<String> unusable, Body<T> body) throws SQLException, IOException, InterruptedException {
		boolean autoCommit = this.connection.getAutoCommit();
		// PostgreSQL streams a result set only inside a transaction with a fetch size
		this.connection.setAutoCommit(false);
		try (PreparedStatement statement = this.connection.prepareStatement(this.query)) {
			statement.setFetchSize(20);
			try (ResultSet rows = statement.executeQuery()) {
				Set<String> columns = columns(rows.getMetaData());
				for (String required : new String[] { "owner_type", "owner_id", "slot" }) {
					if (!columns.contains(required)) {
						throw new SQLException("The query returns no column " + required
								+ "; it needs owner_type, owner_id, slot, and bytes or url");
					}
				}
				return body.apply(() -> new Rows(rows, columns, unusable));
			}
		}
		finally {
			this.connection.rollback();
			this.connection.setAutoCommit(autoCommit);
		}
	}

	/**
	 * What to do with the images of the rows.
	 *
	 * @param <T> what it returns
	 */
	@FunctionalInterface
	interface Body<T> {

		T apply(Iterable<LegacyImage> images) throws IOException, InterruptedException;

	}

	private static Set<String> columns(ResultSetMetaData metadata) throws SQLException {
		Set<String> columns = new HashSet<>();
		for (int i = 1; i <= metadata.getColumnCount(); i++) {
			columns.add(metadata.getColumnLabel(i).toLowerCase(Locale.ROOT));
		}
		return columns;
	}

	/**
	 * The usable rows of the result set, read ahead by one.
	 */
	private final class Rows implements Iterator<LegacyImage> {

		private final ResultSet rows;

		private final Set<String> columns;

		private final Consumer<String> unusable;

		private LegacyImage next;

		Rows(ResultSet rows, Set<String> columns, Consumer<String> unusable) {
			this.rows = rows;
			this.columns = columns;
			this.unusable = unusable;
		}

		@Override
		public boolean hasNext() {
			try {
				while (this.next == null && this.rows.next()) {
					this.next = read();
				}
				return this.next != null;
			}
			catch (SQLException ex) {
				throw new IllegalStateException("Reading the legacy rows failed: " + ex.getMessage(), ex);
			}
		}

		@Override
		public LegacyImage next() {
			if (!hasNext()) {
				throw new NoSuchElementException();
			}
			LegacyImage image = this.next;
			this.next = null;
			return image;
		}

		private LegacyImage read() throws SQLException {
			String key = this.rows.getString("owner_type") + "/" + this.rows.getString("owner_id") + "/"
					+ this.rows.getString("slot");
			byte[] bytes = this.columns.contains("bytes") ? this.rows.getBytes("bytes") : null;
			String url = this.columns.contains("url") ? this.rows.getString("url") : null;
			try {
				if (bytes != null && bytes.length > 0) {
					return new LegacyImage("jdbc:" + key, LegacyImage.parseKey(key),
							"sha256:" + LegacyImage.sha256(bytes), () -> bytes);
				}
				if (url != null && !url.isBlank()) {
					JdbcSource.this.urls.resolve(url);
					return new LegacyImage("jdbc:" + key, LegacyImage.parseKey(key), "url:" + url.strip(),
							() -> JdbcSource.this.urls.read(url));
				}
				this.unusable.accept(key + ": neither bytes nor url");
			}
			catch (IllegalArgumentException | IOException ex) {
				this.unusable.accept(key + ": " + ex.getMessage());
			}
			return null;
		}

	}

}
