package io.imagepipe.ops;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Stands in for the rest of the pipeline in ops-console's tests: for ingest-api's outbox
 * relay (it takes the queued uploads whose job was not published yet, as the relay does,
 * and marks them published) and for compression-worker (it changes each upload's row the
 * way the worker does: claim, count the attempt, write the image, mark it done), without
 * the broker in between and without compressing anything. The real relay, worker and
 * console together are covered by the end-to-end tests.
 */
final class StandInWorker implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(StandInWorker.class);

	private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

	private final JdbcClient jdbc;

	private final Thread poller;

	private volatile boolean running = true;

	StandInWorker(JdbcClient jdbc) {
		this.jdbc = jdbc;
		this.poller = Thread.ofVirtual().name("stand-in-worker").start(this::poll);
	}

	private void poll() {
		while (this.running) {
			try {
				List<UUID> taken = this.jdbc.sql("""
						UPDATE uploads SET published_at = now()
						WHERE id IN (SELECT id FROM uploads WHERE status = 'queued' AND published_at IS NULL
						             FOR UPDATE SKIP LOCKED)
						RETURNING id
						""").query(UUID.class).list();
				taken.forEach(this::process);
			}
			catch (RuntimeException ex) {
				log.warn("The stand-in worker failed a round", ex);
			}
			try {
				Thread.sleep(POLL_INTERVAL);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private void process(UUID id) {
		int claimed = this.jdbc.sql("""
				UPDATE uploads SET status = 'processing', attempts = attempts + 1, started_at = now(),
				                   updated_at = now()
				WHERE id = :id AND status IN ('queued', 'processing')
				""").param("id", id).update();
		if (claimed == 0) {
			return;
		}
		String sha256 = HexFormat.of().formatHex(id.toString().repeat(2).getBytes(StandardCharsets.US_ASCII), 0, 32);
		this.jdbc.sql("""
				INSERT INTO images (owner_type, owner_id, slot, upload_id, upload_seq, bytes, width, height, byte_size,
				                    sha256)
				SELECT owner_type, owner_id, slot, id, seq, '\\x00'::bytea, width, height, 1, :sha256
				FROM uploads WHERE id = :id
				ON CONFLICT (owner_type, owner_id, slot) DO UPDATE
				SET upload_id = EXCLUDED.upload_id, upload_seq = EXCLUDED.upload_seq, sha256 = EXCLUDED.sha256,
				    version = images.version + 1, updated_at = now()
				WHERE images.upload_seq < EXCLUDED.upload_seq
				""").param("id", id).param("sha256", sha256).update();
		this.jdbc.sql("""
				UPDATE uploads SET status = 'done', result_sha256 = :sha256, finished_at = now(), updated_at = now()
				WHERE id = :id AND status = 'processing'
				""").param("id", id).param("sha256", sha256).update();
	}

	@Override
	public void close() {
		this.running = false;
		try {
			this.poller.join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
