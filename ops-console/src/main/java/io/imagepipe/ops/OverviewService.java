package io.imagepipe.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.concurrent.locks.ReentrantLock;

import org.springframework.stereotype.Service;

/**
 * Builds the overview, at most once per {@code imagepipe.ops.overview-cache} however many
 * people watch the page: the counts read the whole status index.
 */
@Service
class OverviewService {

	private final OverviewStatistics statistics;

	private final QueueDepths queues;

	private final StoredBytes stored;

	private final Duration cacheFor;

	private final Clock clock = Clock.systemUTC();

	private final ReentrantLock lock = new ReentrantLock();

	private Overview cached;

	private Instant cachedAt = Instant.MIN;

	OverviewService(OverviewStatistics statistics, QueueDepths queues, OpsProperties properties, StoredBytes stored) {
		this.stored = stored;
		this.statistics = statistics;
		this.queues = queues;
		this.cacheFor = properties.overviewCache();
	}

	Overview overview() {
		this.lock.lock();
		try {
			Instant now = this.clock.instant();
			if (this.cached == null || !now.isBefore(this.cachedAt.plus(this.cacheFor))) {
				this.cached = compute();
				this.cachedAt = now;
			}
			return this.cached;
		}
		finally {
			this.lock.unlock();
		}
	}

	private Overview compute() {
		return new Overview(OffsetDateTime.now(this.clock), this.statistics.countsByStatus(),
				this.statistics.discarded(), this.queues.current(), this.queues.brokerReachable(),
				this.statistics.oldestQueuedSeconds(),
				this.statistics.window("hour", Duration.ofHours(1), Duration.ofMinutes(5)),
				this.statistics.window("day", Duration.ofDays(1), Duration.ofHours(1)), this.stored.byKind());
	}

}
