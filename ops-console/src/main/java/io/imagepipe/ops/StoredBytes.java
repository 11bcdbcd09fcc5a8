package io.imagepipe.ops;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The bytes stored, by kind, for Prometheus: {@code imagepipe_storage_bytes{kind}} with
 * {@code served} (the images served now), {@code renditions} (their smaller copies),
 * {@code raw_kept} (raw uploads that still hold their bytes) and {@code raw_freed} (the
 * size of raw uploads whose bytes were freed: by the retention, a discard or a deletion).
 * The sums are the stored sizes of the values, read every
 * {@code imagepipe.ops.storage-sample-interval}; what PostgreSQL holds on disk also
 * counts dead tuples until vacuum (docs/operations.md).
 */
@Component
public class StoredBytes {

	private static final Logger log = LoggerFactory.getLogger(StoredBytes.class);

	private final JdbcClient jdbc;

	private final Map<String, AtomicLong> kinds = Map.of("served", new AtomicLong(-1), "renditions", new AtomicLong(-1),
			"raw_kept", new AtomicLong(-1), "raw_freed", new AtomicLong(-1));

	StoredBytes(JdbcClient jdbc, MeterRegistry meters) {
		this.jdbc = jdbc;
		this.kinds.forEach((kind, value) -> Gauge.builder("imagepipe.storage.bytes", value, AtomicLong::get)
			.description("Bytes stored, by kind (-1 until first read)")
			.baseUnit("bytes")
			.tag("kind", kind)
			.register(meters));
	}

	/**
	 * Read the sums again.
	 */
	@Scheduled(fixedDelayString = "${imagepipe.ops.storage-sample-interval:30s}", initialDelay = 0)
	public void sample() {
		try {
			this.jdbc
				.sql("""
						SELECT (SELECT coalesce(sum(byte_size), 0) FROM images) AS served,
						       (SELECT coalesce(sum(byte_size), 0) FROM image_renditions) AS renditions,
						       (SELECT coalesce(sum(byte_size) FILTER (WHERE raw_bytes IS NOT NULL), 0) FROM uploads) AS raw_kept,
						       (SELECT coalesce(sum(byte_size) FILTER (WHERE raw_bytes IS NULL), 0) FROM uploads) AS raw_freed
						""")
				.query((rs, n) -> {
					for (String kind : this.kinds.keySet()) {
						this.kinds.get(kind).set(rs.getLong(kind));
					}
					return null;
				})
				.optional();
		}
		catch (RuntimeException ex) {
			log.debug("Stored bytes not read: {}", ex.toString());
		}
	}

	/**
	 * The last sums read.
	 * @return kind → bytes ({@code -1} until first read)
	 */
	public Map<String, Long> byKind() {
		return Map.of("served", this.kinds.get("served").get(), "renditions", this.kinds.get("renditions").get(),
				"raw_kept", this.kinds.get("raw_kept").get(), "raw_freed", this.kinds.get("raw_freed").get());
	}

}
