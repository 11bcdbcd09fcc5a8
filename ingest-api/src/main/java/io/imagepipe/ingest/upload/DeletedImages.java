package io.imagepipe.ingest.upload;

import io.imagepipe.contract.ImageChange;
import io.imagepipe.ingest.job.MessagingProperties;
import io.imagepipe.ingest.upload.ImageDeletions.Deletion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.stereotype.Component;

/**
 * Announces a committed deletion to every serving-api instance, so that they drop the
 * metadata they keep of the image at once (a fanout exchange, see {@link ImageChange}).
 * Best effort: a lost announcement is found by serving-api's poll of the change numbers
 * within its interval, so a failed publish is logged and never fails the deletion.
 */
@Component
class DeletedImages {

	private static final Logger log = LoggerFactory.getLogger(DeletedImages.class);

	private final RabbitTemplate rabbit;

	private final String exchange;

	DeletedImages(RabbitTemplate rabbit, MessagingProperties properties) {
		this.rabbit = rabbit;
		this.exchange = ImageChange.exchange(properties.namespace());
	}

	/**
	 * Announce a deletion once its transaction committed.
	 * @param deletion what the deletion did
	 * @return the deletion
	 */
	Deletion announce(Deletion deletion) {
		if (!deletion.recorded()) {
			return deletion;
		}
		Message message = MessageBuilder.withBody(new ImageChange(deletion.key(), deletion.changeSeq()).body())
			.setContentType("text/plain")
			.setDeliveryMode(MessageDeliveryMode.NON_PERSISTENT)
			.build();
		try {
			this.rabbit.send(this.exchange, "", message);
		}
		catch (AmqpException ex) {
			log.warn("Could not announce the deletion of {} to serving-api ({}); its poll will find it", deletion.key(),
					ex.getMessage());
		}
		return deletion;
	}

}
