package io.imagepipe.ops;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import io.imagepipe.ops.QueueDepths.QueueDepth;

/**
 * The dashboard's overview.
 *
 * @param generatedAt when these figures were read
 * @param statuses uploads per status
 * @param discarded failed uploads whose bytes ops staff discarded (counted in
 * {@code failed} too)
 * @param queues the broker's queues, as last sampled
 * @param brokerReachable whether the last sample reached the broker
 * @param oldestQueuedSeconds how long the oldest queued upload has waited, or
 * {@code null} when none waits
 * @param lastHour throughput and timing over the last hour, in 5-minute steps
 * @param lastDay the same over the last day, in 1-hour steps
 * @param storedBytes bytes stored by kind: {@code served}, {@code renditions},
 * {@code raw_kept}, {@code raw_freed} (as {@code imagepipe_storage_bytes}; -1 until first
 * read)
 */
record Overview(OffsetDateTime generatedAt, Map<String, Long> statuses, long discarded, List<QueueDepth> queues,
		boolean brokerReachable, Double oldestQueuedSeconds, Window lastHour, Window lastDay,
		Map<String, Long> storedBytes) {

	/**
	 * Throughput and timing over a window that ends now.
	 *
	 * @param name {@code hour} or {@code day}
	 * @param processed uploads that finished (done, superseded or failed)
	 * @param failed failures among them
	 * @param failureRate failed ÷ processed, or {@code null} when nothing finished
	 * @param p50Seconds the median processing time of the uploads done, or {@code null}
	 * @param p95Seconds the 95th percentile of the same
	 * @param series one entry per step, oldest first
	 */
	record Window(String name, long processed, long failed, Double failureRate, Double p50Seconds, Double p95Seconds,
			List<Bucket> series) {
	}

	/**
	 * One step of the chart.
	 *
	 * @param start when the step starts
	 * @param succeeded uploads done or superseded in it
	 * @param failed uploads failed in it
	 */
	record Bucket(OffsetDateTime start, long succeeded, long failed) {
	}

}
