package io.imagepipe.ops;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.imagepipe.contract.UploadStatus;
import io.imagepipe.ops.Overview.Bucket;
import io.imagepipe.ops.Overview.Window;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The figures of the overview, read from the upload rows: PostgreSQL is the truth, so the
 * numbers are the same whichever console replica serves the page.
 */
@Repository
class OverviewStatistics {

	private final JdbcClient jdbc;

	OverviewStatistics(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The uploads per status, every status present (0 when none).
	 * @return status → count
	 */
	Map<String, Long> countsByStatus() {
		Map<String, Long> counts = new LinkedHashMap<>();
		for (UploadStatus status : UploadStatus.values()) {
			counts.put(status.value(), 0L);
		}
		this.jdbc.sql("SELECT status, count(*) AS n FROM uploads GROUP BY status").query((rs) -> {
			counts.put(rs.getString("status"), rs.getLong("n"));
		});
		return counts;
	}

	long discarded() {
		return this.jdbc.sql("SELECT count(*) FROM uploads WHERE status = 'failed' AND discarded_at IS NOT NULL")
			.query(Long.class)
			.single();
	}

	/**
	 * How long the oldest queued upload has waited since it was queued (accepted, or
	 * requeued by a retry).
	 * @return seconds, or {@code null} when nothing is queued
	 */
	Double oldestQueuedSeconds() {
		return this.jdbc
			.sql("SELECT extract(epoch FROM now() - min(updated_at))::float8 FROM uploads WHERE status = 'queued'")
			.query(Double.class)
			.optional()
			.orElse(null);
	}

	/**
	 * Throughput, failures and processing times over a window that ends now.
	 * @param name such as {@code hour}
	 * @param span the window, such as 1 hour
	 * @param step the width of one bar of the chart
	 * @return the window's figures
	 */
	Window window(String name, Duration span, Duration step) {
		List<Bucket> series = series(span, step);
		long failed = series.stream().mapToLong(Bucket::failed).sum();
		long processed = failed + series.stream().mapToLong(Bucket::succeeded).sum();
		Double rate = (processed > 0) ? (double) failed / processed : null;
		Map<String, Object> times = this.jdbc.sql("""
				SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - started_at))
				           AS p50,
				       percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - started_at))
				           AS p95
				FROM uploads
				WHERE status = 'done' AND finished_at >= now() - make_interval(secs => :span)
				  AND started_at IS NOT NULL
				""").param("span", span.toSeconds()).query().singleRow();
		return new Window(name, processed, failed, rate, number(times.get("p50")), number(times.get("p95")), series);
	}

	/**
	 * Uploads that finished in each step of the window: succeeded (done or superseded)
	 * and failed. A failure that ops staff have since retried still counts as a failure
	 * at the time it happened.
	 */
	private List<Bucket> series(Duration span, Duration step) {
		return this.jdbc.sql("""
				WITH finished AS (
				    SELECT finished_at AS at, status = 'failed' AS failed FROM uploads
				    WHERE finished_at >= now() - make_interval(secs => :span + :step)
				    UNION ALL
				    SELECT failed_at, true FROM upload_retries
				    WHERE failed_at >= now() - make_interval(secs => :span + :step))
				SELECT b.start, count(f.at) FILTER (WHERE NOT f.failed) AS succeeded,
				       count(f.at) FILTER (WHERE f.failed) AS failed
				FROM generate_series(date_bin(make_interval(secs => :step),
				                              now() - make_interval(secs => :span - :step), 'epoch'),
				                     now(), make_interval(secs => :step)) AS b(start)
				LEFT JOIN finished f ON f.at >= b.start AND f.at < b.start + make_interval(secs => :step)
				GROUP BY b.start ORDER BY b.start
				""")
			.param("span", span.toSeconds())
			.param("step", step.toSeconds())
			.query((rs, n) -> new Bucket(rs.getObject("start", OffsetDateTime.class), rs.getLong("succeeded"),
					rs.getLong("failed")))
			.list();
	}

	private static Double number(Object value) {
		return (value instanceof Number number) ? number.doubleValue() : null;
	}

}
