package io.imagepipe.ingest.job;

import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Guarantees at-least-once delivery: publishes the jobs whose after-commit publish never
 * happened (the broker was down, the process died between commit and publish) and
 * republishes jobs that stayed queued too long.
 */
@Component
class OutboxRelay {

	private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

	private final Outbox outbox;

	private final JobPublisher publisher;

	private final MessagingProperties properties;

	OutboxRelay(Outbox outbox, JobPublisher publisher, MessagingProperties properties) {
		this.outbox = outbox;
		this.publisher = publisher;
		this.properties = properties;
	}

	@Scheduled(fixedDelayString = "${imagepipe.messaging.relay-interval:2s}")
	void relay() {
		List<UUID> batch;
		try {
			batch = this.outbox.claimBatch(this.properties.relayGrace(), this.properties.republishAfter(),
					this.properties.processingTimeout(), this.properties.relayBatch());
		}
		catch (RuntimeException ex) {
			log.warn("Outbox relay cannot read the database: {}", ex.toString());
			return;
		}
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
			log.info("Outbox relay published {} of {} pending jobs", published, batch.size());
		}
	}

}
