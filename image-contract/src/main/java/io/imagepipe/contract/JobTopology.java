package io.imagepipe.contract;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The names and arguments of the broker objects that carry compression jobs. Both the
 * publisher and the consumer declare them from this one definition, so their arguments
 * can never disagree (RabbitMQ refuses a redeclaration with other arguments).
 *
 * <p>
 * Messages are published to {@link #exchange()} with routing key
 * {@link #workRoutingKey()} and land in the quorum {@link #workQueue()}. A worker that
 * meets a transient error sends the job to one of the {@link #retryQueues()}, whose TTL
 * dead-letters it back to the exchange after a growing delay. A message delivered more
 * than {@link #deliveryLimit()} times (a worker keeps dying on it) is dead-lettered to
 * {@link #parkedQueue()}.
 *
 * @param namespace the prefix of every name, so that environments can share a broker
 * @param deliveryLimit the quorum queue's {@code x-delivery-limit}
 * @param retryDelays the delay of each retry tier, shortest first
 */
public record JobTopology(String namespace, int deliveryLimit, List<Duration> retryDelays) {

	public JobTopology {
		if (namespace == null || !namespace.matches("[A-Za-z0-9._-]{1,64}")) {
			throw new IllegalArgumentException("namespace must be 1 to 64 of [A-Za-z0-9._-]");
		}
		if (deliveryLimit < 1) {
			throw new IllegalArgumentException("deliveryLimit must be at least 1");
		}
		retryDelays = List.copyOf(retryDelays);
	}

	public String exchange() {
		return this.namespace + ".jobs";
	}

	public String deadLetterExchange() {
		return this.namespace + ".jobs.dlx";
	}

	public String workQueue() {
		return this.namespace + ".compress";
	}

	public String workRoutingKey() {
		return "compress";
	}

	public String parkedQueue() {
		return this.namespace + ".compress.parked";
	}

	public String parkedRoutingKey() {
		return "parked";
	}

	/**
	 * The retry tiers as queue names, shortest delay first.
	 * @return one queue name per entry of {@link #retryDelays()}
	 */
	public List<String> retryQueues() {
		return java.util.stream.IntStream.range(0, this.retryDelays.size())
			.mapToObj((tier) -> this.namespace + ".compress.retry." + (tier + 1))
			.toList();
	}

	/**
	 * The arguments of the work queue: a quorum queue with an explicit delivery limit
	 * (RabbitMQ 3.x has no default one) whose poison messages are dead-lettered
	 * at-least-once to the parking queue.
	 * @return the queue arguments
	 */
	public Map<String, Object> workQueueArguments() {
		return Map.of("x-queue-type", "quorum", "x-delivery-limit", this.deliveryLimit, "x-dead-letter-exchange",
				deadLetterExchange(), "x-dead-letter-routing-key", parkedRoutingKey(), "x-dead-letter-strategy",
				"at-least-once", "x-overflow", "reject-publish");
	}

	/**
	 * The arguments of one retry tier: a TTL after which the job goes back to the work
	 * queue.
	 * @param tier the index in {@link #retryDelays()}
	 * @return the queue arguments
	 */
	public Map<String, Object> retryQueueArguments(int tier) {
		return Map.of("x-queue-type", "quorum", "x-message-ttl", this.retryDelays.get(tier).toMillis(),
				"x-dead-letter-exchange", exchange(), "x-dead-letter-routing-key", workRoutingKey(),
				"x-dead-letter-strategy", "at-least-once", "x-overflow", "reject-publish");
	}

	/**
	 * The arguments of the parking queue.
	 * @return the queue arguments
	 */
	public Map<String, Object> parkedQueueArguments() {
		return Map.of("x-queue-type", "quorum");
	}

}
