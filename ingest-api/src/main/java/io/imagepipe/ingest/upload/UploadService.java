package io.imagepipe.ingest.upload;

import java.util.UUID;

import io.imagepipe.contract.ImageKey;
import io.imagepipe.ingest.upload.ImageInspector.InspectedImage;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Checks an upload and stores it with its job in one transaction.
 */
@Service
class UploadService {

	private final ImageInspector inspector;

	private final Uploads uploads;

	private final ApplicationEventPublisher events;

	private final UploadProperties properties;

	private final UploadProperties.Slots slots;

	UploadService(ImageInspector inspector, Uploads uploads, ApplicationEventPublisher events,
			UploadProperties properties, UploadProperties.Slots slots) {
		this.inspector = inspector;
		this.uploads = uploads;
		this.events = events;
		this.properties = properties;
		this.slots = slots;
	}

	/**
	 * Check that an image key names a slot that takes uploads.
	 * @param ownerType the owner type from the path
	 * @param ownerId the owner id from the path
	 * @param slot the slot from the path
	 * @return the key
	 */
	ImageKey keyOf(String ownerType, String ownerId, String slot) {
		if (!this.slots.accepts(ownerType, slot)) {
			throw UploadRejected.unknownSlot(ownerType, slot);
		}
		if (!ImageKey.isValidOwnerId(ownerId)) {
			throw UploadRejected.invalidOwnerId();
		}
		return new ImageKey(ownerType, ownerId, slot);
	}

	/**
	 * Check an upload from its header and store it with its job.
	 * @param key the image it is for
	 * @param bytes the whole upload
	 * @return the id of the stored upload
	 */
	@Transactional
	UUID accept(ImageKey key, byte[] bytes) {
		InspectedImage image = this.inspector.inspect(bytes);
		if (image.pixels() > this.properties.maxPixels()) {
			throw UploadRejected.tooManyPixels(image.width(), image.height(), this.properties.maxPixels());
		}
		UUID id = UUID.randomUUID();
		this.uploads.insert(id, key, image, bytes);
		this.events.publishEvent(new UploadAccepted(id));
		return id;
	}

}
