package io.imagepipe.ingest.job;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.imagepipe.contract.CompressionJob;
import io.imagepipe.contract.JobTopology;
import io.imagepipe.ingest.upload.UploadAccepted;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Publishes a stored job to the broker after its upload committed, and marks it published
 * only once the broker confirmed it and did not return it as unroutable. A publish that
 * fails leaves the job unpublished for the {@link OutboxRelay}.
 */
@Component
class JobPublisher {

	private static final Logger log = LoggerFactory.getLogger(JobPublisher.class);

	private final RabbitTemplate rabbit;

	private final JobTopology topology;

	private final Outbox outbox;

	private final MessagingProperties properties;

	JobPublisher(RabbitTemplate rabbit, JobTopology topology, Outbox outbox, MessagingProperties properties) {
		this.rabbit = rabbit;
		this.topology = topology;
		this.outbox = outbox;
		this.properties = properties;
	}

	@Async
	@TransactionalEventListener
	void on(UploadAccepted event) {
		if (publish(event.uploadId())) {
			this.outbox.markPublished(event.uploadId());
		}
	}

	/**
	 * Publish one job and wait for the broker's confirm.
	 * @param uploadId the job's upload
	 * @return whether the broker confirmed a routed message
	 */
	boolean publish(UUID uploadId) {
		CorrelationData correlation = new CorrelationData(uploadId.toString());
		try {
			this.rabbit.convertAndSend(this.topology.exchange(), this.topology.workRoutingKey(),
					new CompressionJob(uploadId), correlation);
			CorrelationData.Confirm confirm = correlation.getFuture()
				.get(this.properties.confirmTimeout().toMillis(), TimeUnit.MILLISECONDS);
			if (!confirm.ack() || correlation.getReturned() != null) {
				log.warn("Broker did not accept job {}: ack={}, reason={}, returned={}", uploadId, confirm.ack(),
						confirm.reason(), correlation.getReturned() != null);
				return false;
			}
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		catch (Exception ex) {
			log.warn("Could not publish job {} ({}); the relay will retry it", uploadId, ex.toString());
			return false;
		}
	}

}
