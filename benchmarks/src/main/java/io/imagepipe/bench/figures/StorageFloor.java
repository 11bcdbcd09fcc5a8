package io.imagepipe.bench.figures;

import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import io.imagepipe.bench.env.Isolation;
import io.imagepipe.bench.env.Wrk;

/**
 * Figure 3's storage floor: what PostgreSQL alone takes to store an upload durably. The
 * same bytes ingest-api receives are inserted, one autocommitted {@code INSERT} each,
 * into a table of the uploads table's shape ({@code LIKE uploads INCLUDING ALL}: the same
 * columns, storage, defaults, identity and indexes) by as many clients as the ingest rows
 * have, each on a connection of its own, for as long as a wrk run lasts. No HTTP, no
 * checks of the image, no outbox: the anchor ingest-api is measured against. The bytes
 * are bound as ingest-api binds them, as a stream of known length, and sent through
 * pgjdbc's buffer of the size ingest-api's datasource sets ({@code maxSendBufferSize}).
 */
final class StorageFloor {

	private static final String TABLE = "storage_floor";

	/** ingest-api's {@code spring.datasource.hikari.data-source-properties}. */
	private static final Map<String, String> DRIVER = Map.of("maxSendBufferSize", "131072");

	private final Isolation database;

	private final byte[] body;

	private final int width;

	private final int height;

	private boolean created;

	/**
	 * @param database the run's database, with its migrated uploads table
	 * @param body the upload's bytes
	 * @param width the image's width, as ingest-api would store it
	 * @param height its height
	 */
	StorageFloor(Isolation database, byte[] body, int width, int height) {
		this.database = database;
		this.body = body;
		this.width = width;
		this.height = height;
	}

	/**
	 * Insert for a while, unmeasured, then for a while, measured. The table is created by
	 * the first measurement and keeps what every measurement inserted, as the uploads
	 * table keeps every upload of the run: a table emptied just before (a new one, or a
	 * {@code TRUNCATE} after the warm-up) took PostgreSQL on the 2-core machine about
	 * half the CPU per insert that ingest-api's uploads did (docs/performance.md).
	 * @param clients how many connections insert at once
	 * @param warmup the unmeasured time
	 * @param duration the measured time
	 * @return the rate and latencies, as wrk's are reported
	 */
	Wrk.Result measure(int clients, Duration warmup, Duration duration) {
		if (!this.created) {
			execute("DROP TABLE IF EXISTS " + TABLE);
			execute("CREATE TABLE " + TABLE + " (LIKE uploads INCLUDING ALL)");
			this.created = true;
		}
		insert(clients, warmup);
		return insert(clients, duration);
	}

	private Wrk.Result insert(int clients, Duration duration) {
		List<List<Double>> latencies = new ArrayList<>();
		AtomicLong failed = new AtomicLong();
		CountDownLatch ready = new CountDownLatch(clients);
		CountDownLatch start = new CountDownLatch(1);
		List<Thread> threads = new ArrayList<>();
		long[] window = new long[2];
		for (int i = 0; i < clients; i++) {
			List<Double> mine = new ArrayList<>();
			latencies.add(mine);
			threads.add(Thread.ofPlatform().name("storage-floor-" + i).start(() -> {
				try (Connection connection = this.database.connect(DRIVER);
						PreparedStatement insert = connection.prepareStatement("INSERT INTO " + TABLE
								+ " (id, owner_type, owner_id, slot, media_type, byte_size, width, height, raw_bytes)"
								+ " VALUES (?, 'users', ?, 'profile', 'image/jpeg', ?, ?, ?, ?)")) {
					ready.countDown();
					start.await();
					long end = window[1];
					int n = 0;
					while (System.nanoTime() < end) {
						long sent = System.nanoTime();
						try {
							UUID id = UUID.randomUUID();
							insert.setObject(1, id);
							insert.setString(2, "floor-" + Thread.currentThread().getName() + "-" + n++);
							insert.setInt(3, this.body.length);
							insert.setInt(4, this.width);
							insert.setInt(5, this.height);
							insert.setBinaryStream(6, new ByteArrayInputStream(this.body), this.body.length);
							insert.executeUpdate();
							mine.add((System.nanoTime() - sent) / 1e6);
						}
						catch (SQLException ex) {
							failed.incrementAndGet();
						}
					}
				}
				catch (SQLException ex) {
					ready.countDown();
					failed.incrementAndGet();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}));
		}
		try {
			ready.await();
			window[0] = System.nanoTime();
			window[1] = window[0] + duration.toNanos();
			start.countDown();
			for (Thread thread : threads) {
				thread.join();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		double seconds = (System.nanoTime() - window[0]) / 1e9;
		List<Double> all = latencies.stream().flatMap(List::stream).toList();
		return new Wrk.Result(all.size() / seconds, all.size() + failed.get(), failed.get(),
				Numbers.percentile(all, 50), Numbers.percentile(all, 95), Numbers.percentile(all, 99), "");
	}

	private void execute(String sql) {
		try (Connection connection = this.database.connect(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(sql + " failed: " + ex.getMessage(), ex);
		}
	}

}
