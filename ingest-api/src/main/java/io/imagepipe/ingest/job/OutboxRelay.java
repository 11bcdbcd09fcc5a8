package io.imagepipe.ingest.job;

import java.util.List;
import java.util.UUID;

import io.imagepipe.contract.JobTopology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Guarantees at-least-once delivery: publishes the jobs whose after-commit publish never
 * happened (the broker was down, the process died between commit and publish) and
 * republishes jobs that have no live delivery, and only those.
 *
 * <p>
 * A queued job that was published stays queued while its message waits in the work queue:
 * during a large backlog that is normal, and publishing it again only makes a duplicate.
 * So the relay compares the queued jobs that were published with the messages ready in
 * the work queue (read from the broker by a passive declare); only the difference, the
 * jobs whose message may have been lost, is published again, those published longest ago
 * first. While the broker cannot tell its depth, nothing published is republished. A job
 * in {@code processing} is published again only once its worker's lease ran out long ago
 * ({@code processing-timeout}).
 */
@Component
class OutboxRelay {

	private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

	private final Outbox outbox;

	private final JobPublisher publisher;

	private final MessagingProperties properties;

	private final AmqpAdmin admin;

	private final JobTopology topology;

	private final TransactionTemplate transaction;

	OutboxRelay(Outbox outbox, JobPublisher publisher, MessagingProperties properties, AmqpAdmin admin,
			JobTopology topology, TransactionTemplate transaction) {
		this.transaction = transaction;
		this.admin = admin;
		this.topology = topology;
		this.outbox = outbox;
		this.publisher = publisher;
		this.properties = properties;
	}

	@Scheduled(fixedDelayString = "${imagepipe.messaging.relay-interval:2s}")
	void relay() {
		List<UUID> batch;
		try {
			batch = this.outbox.claimUndelivered(this.properties.relayGrace(), this.properties.processingTimeout(),
					this.properties.relayBatch());
		}
		catch (RuntimeException ex) {
			log.warn("Outbox relay cannot read the database: {}", ex.toString());
			return;
		}
		publish(batch, "pending");
		try {
			this.transaction.executeWithoutResult((status) -> republishLost());
		}
		catch (RuntimeException ex) {
			log.warn("Outbox relay cannot republish lost jobs: {}", ex.toString());
		}
	}

	/**
	 * Republish the queued jobs that the work queue lacks messages for. One relay at a
	 * time does it, across instances (a transaction-scoped advisory lock), and it
	 * publishes before the lock is released, so the next one counts the messages it sent.
	 */
	private void republishLost() {
		if (!this.outbox.tryLockRepublishing()) {
			return;
		}
		long published = this.outbox.publishedQueuedIfAnyStale(this.properties.republishAfter());
		if (published == 0) {
			return;
		}
		long ready = readyMessages();
		if (ready < 0 || published <= ready) {
			return;
		}
		publish(this.outbox.claimStale(this.properties.republishAfter(),
				(int) Math.min(this.properties.relayBatch(), published - ready)), "lost");
	}

	private void publish(List<UUID> batch, String kind) {
		int published = 0;
		for (UUID id : batch) {
			if (this.publisher.publish(id)) {
				published++;
			}
			else {
				this.outbox.markUnpublished(id);
			}
		}
		if (!batch.isEmpty()) {
			log.info("Outbox relay published {} of {} {} jobs", published, batch.size(), kind);
		}
	}

	/**
	 * The messages ready in the work queue, or -1 when the broker cannot tell.
	 */
	private long readyMessages() {
		try {
			QueueInformation info = this.admin.getQueueInfo(this.topology.workQueue());
			return (info != null) ? info.getMessageCount() : 0;
		}
		catch (RuntimeException ex) {
			log.debug("Outbox relay cannot read the work queue's depth: {}", ex.toString());
			return -1;
		}
	}

}
