package io.imagepipe.ingest.upload;

import java.util.Arrays;
import java.util.UUID;

import io.imagepipe.contract.ImageKey;
import io.imagepipe.contract.ImageStructure;
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

	private final ImageStructure structure;

	private final StorageQuota quota;

	UploadService(ImageInspector inspector, Uploads uploads, ApplicationEventPublisher events,
			UploadProperties properties, UploadProperties.Slots slots, StorageQuota quota) {
		this.structure = new ImageStructure(properties.maxPixels(), properties.maxFrames());
		this.quota = quota;
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
	 * Check an upload from its header and structure and store it with its job. Bytes
	 * after the image's end marker are no part of the image: they are dropped, and what
	 * is stored is the image alone.
	 * @param key the image it is for
	 * @param upload the whole upload
	 * @return the id of the stored upload
	 */
	@Transactional
	UUID accept(ImageKey key, byte[] upload) {
		InspectedImage image = this.inspector.inspect(upload);
		if (image.pixels() > this.properties.maxPixels()) {
			throw UploadRejected.tooManyPixels(image.width(), image.height(), this.properties.maxPixels());
		}
		ImageStructure.Walk walk;
		try {
			walk = this.structure.check(upload);
		}
		catch (ImageStructure.TooMuchWork ex) {
			throw UploadRejected.tooComplex(ex.getMessage());
		}
		byte[] bytes = (walk.trailingBytes(upload.length) > 0) ? Arrays.copyOf(upload, walk.end()) : upload;
		this.quota.check(key, bytes.length);
		UUID id = UUID.randomUUID();
		this.uploads.insert(id, key, image, bytes);
		this.events.publishEvent(new UploadAccepted(id, image.mediaType(), bytes.length));
		return id;
	}

}
