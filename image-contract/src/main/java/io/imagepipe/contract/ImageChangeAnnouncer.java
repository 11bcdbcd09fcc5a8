package io.imagepipe.contract;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * Publishes committed {@link ImageChange}s to serving-api's fanout exchange: the one
 * publisher of compression-worker's writes and ingest-api's deletions. Best effort: a
 * lost announcement is found by serving-api's poll of the change numbers within its
 * interval, so a failed publish is logged and never fails the write or the deletion.
 * Non-persistent: an announcement is only worth its first few milliseconds.
 */
public final class ImageChangeAnnouncer {

	private static final Logger log = LoggerFactory.getLogger(ImageChangeAnnouncer.class);

	private final RabbitTemplate rabbit;

	private final String exchange;

	/**
	 * An announcer for one broker namespace.
	 * @param rabbit the service's template
	 * @param namespace the prefix of every broker name
	 */
	public ImageChangeAnnouncer(RabbitTemplate rabbit, String namespace) {
		this.rabbit = rabbit;
		this.exchange = ImageChange.exchange(namespace);
	}

	/**
	 * Publish a change once its transaction committed.
	 * @param change the image and the number of its change
	 */
	public void announce(ImageChange change) {
		Message message = MessageBuilder.withBody(change.body())
			.setContentType("text/plain")
			.setDeliveryMode(MessageDeliveryMode.NON_PERSISTENT)
			.build();
		try {
			this.rabbit.send(this.exchange, "", message);
		}
		catch (AmqpException ex) {
			log.warn("Could not announce the change of {} to serving-api ({}); its poll will find it", change.key(),
					ex.getMessage());
		}
	}

}
