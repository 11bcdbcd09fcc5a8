package io.imagepipe.worker.job;

import io.imagepipe.contract.ImageChange;
import io.imagepipe.contract.ImageChangeAnnouncer;

import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.stereotype.Component;

/**
 * Announces a written image to every serving-api instance after the commit, so that they
 * drop the metadata they keep of it at once ({@link ImageChangeAnnouncer}: best effort,
 * serving-api's poll finds a lost one).
 */
@Component
class ImageChanges {

	private final ImageChangeAnnouncer announcer;

	ImageChanges(RabbitTemplate rabbit, WorkerProperties properties) {
		this.announcer = new ImageChangeAnnouncer(rabbit, properties.namespace());
	}

	/**
	 * Publish a committed change.
	 * @param change the image and the number of its change
	 */
	void announce(ImageChange change) {
		this.announcer.announce(change);
	}

}
