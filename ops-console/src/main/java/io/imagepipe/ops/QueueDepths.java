package io.imagepipe.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.imagepipe.contract.JobTopology;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Reads the depths and consumer counts of the work queue, the retry tiers and the parking
 * queue from the broker over AMQP (a passive declare, so no management plugin is needed),
 * every {@code imagepipe.ops.sample-interval}. The dashboard and the
 * {@code imagepipe.queue.messages} and {@code imagepipe.queue.consumers} gauges read the
 * last sample, so viewers and scrapes never wait for the broker.
 */
@Component
class QueueDepths {

	private static final Logger log = LoggerFactory.getLogger(QueueDepths.class);

	private final AmqpAdmin admin;

	private final List<QueueDepth> unknown;

	private final Map<String, QueueDepth> latest = new ConcurrentHashMap<>();

	private volatile boolean brokerReachable;

	QueueDepths(AmqpAdmin admin, JobTopology topology, MeterRegistry registry) {
		this.admin = admin;
		List<QueueDepth> queues = new ArrayList<>();
		queues.add(QueueDepth.unknown("work", topology.workQueue()));
		List<String> tiers = topology.retryQueues();
		for (int tier = 0; tier < tiers.size(); tier++) {
			queues.add(QueueDepth.unknown("retry-" + (tier + 1), tiers.get(tier)));
		}
		queues.add(QueueDepth.unknown("parked", topology.parkedQueue()));
		this.unknown = List.copyOf(queues);
		for (QueueDepth queue : this.unknown) {
			Gauge.builder("imagepipe.queue.messages", this, (depths) -> depths.messages(queue.role()))
				.description("Messages ready in the queue, from the last sample")
				.tag("queue", queue.role())
				.register(registry);
			Gauge.builder("imagepipe.queue.consumers", this, (depths) -> depths.consumers(queue.role()))
				.description("Consumers of the queue, from the last sample")
				.tag("queue", queue.role())
				.register(registry);
		}
	}

	@Scheduled(fixedDelayString = "${imagepipe.ops.sample-interval:5s}", initialDelay = 0)
	void sample() {
		try {
			for (QueueDepth queue : this.unknown) {
				QueueInformation info = this.admin.getQueueInfo(queue.name());
				this.latest.put(queue.role(), (info != null)
						? queue.with(info.getMessageCount(), info.getConsumerCount()) : queue.notDeclared());
			}
			this.brokerReachable = true;
		}
		catch (RuntimeException ex) {
			if (this.brokerReachable) {
				log.warn("Cannot read queue depths from the broker: {}", ex.toString());
			}
			this.brokerReachable = false;
			this.latest.clear();
		}
	}

	/**
	 * The last sample, in a fixed order: work, the retry tiers, parked.
	 * @return one entry per queue; counts are empty when unknown
	 */
	List<QueueDepth> current() {
		return this.unknown.stream().map((queue) -> this.latest.getOrDefault(queue.role(), queue)).toList();
	}

	boolean brokerReachable() {
		return this.brokerReachable;
	}

	private double messages(String role) {
		QueueDepth depth = this.latest.get(role);
		return (depth != null && depth.messages() != null) ? depth.messages() : Double.NaN;
	}

	private double consumers(String role) {
		QueueDepth depth = this.latest.get(role);
		return (depth != null && depth.consumers() != null) ? depth.consumers() : Double.NaN;
	}

	/**
	 * One queue as last seen.
	 *
	 * @param role {@code work}, {@code retry-1}… or {@code parked}
	 * @param name the queue's name at the broker
	 * @param declared whether the queue exists (the retry tiers are declared by the
	 * worker)
	 * @param messages the messages ready for delivery, or {@code null} when unknown
	 * @param consumers the consumers, or {@code null} when unknown
	 */
	record QueueDepth(String role, String name, boolean declared, Long messages, Long consumers) {

		static QueueDepth unknown(String role, String name) {
			return new QueueDepth(role, name, false, null, null);
		}

		QueueDepth with(long messages, long consumers) {
			return new QueueDepth(this.role, this.name, true, messages, consumers);
		}

		QueueDepth notDeclared() {
			return new QueueDepth(this.role, this.name, false, 0L, 0L);
		}

	}

}
