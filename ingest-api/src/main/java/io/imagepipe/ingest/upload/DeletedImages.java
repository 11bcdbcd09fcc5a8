package io.imagepipe.ingest.upload;

import io.imagepipe.contract.ImageChange;
import io.imagepipe.contract.ImageChangeAnnouncer;
import io.imagepipe.contract.JobTopology;
import io.imagepipe.ingest.upload.ImageDeletions.Deletion;

import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.stereotype.Component;

/**
 * Announces a committed deletion to every serving-api instance, so that they drop the
 * metadata they keep of the image at once ({@link ImageChangeAnnouncer}: best effort,
 * serving-api's poll finds a lost one, and a failed publish never fails the deletion).
 */
@Component
class DeletedImages {

	private final ImageChangeAnnouncer announcer;

	DeletedImages(RabbitTemplate rabbit, JobTopology topology) {
		this.announcer = new ImageChangeAnnouncer(rabbit, topology.namespace());
	}

	/**
	 * Announce a deletion once its transaction committed.
	 * @param deletion what the deletion did
	 * @return the deletion
	 */
	Deletion announce(Deletion deletion) {
		if (deletion.recorded()) {
			this.announcer.announce(new ImageChange(deletion.key(), deletion.changeSeq()));
		}
		return deletion;
	}

}
