package io.imagepipe.worker.job;

import io.imagepipe.contract.ImageChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.stereotype.Component;

/**
 * Announces a written image to every serving-api instance after the commit, so that they
 * drop the metadata they keep of it at once. Best effort: a lost announcement is found by
 * serving-api's poll of the change numbers within its interval, so a failed publish is
 * logged and never fails the job.
 */
@Component
class ImageChanges {

	private static final Logger log = LoggerFactory.getLogger(ImageChanges.class);

	private final RabbitTemplate rabbit;

	private final String exchange;

	ImageChanges(RabbitTemplate rabbit, WorkerProperties properties) {
		this.rabbit = rabbit;
		this.exchange = ImageChange.exchange(properties.namespace());
	}

	/**
	 * Publish a committed change.
	 * @param change the image and the number of its change
	 */
	void announce(ImageChange change) {
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
