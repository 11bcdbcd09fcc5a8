package io.imagepipe.ingest.upload;

import java.util.List;

import io.imagepipe.contract.ImageKey;
import io.imagepipe.ingest.upload.ImageDeletions.Deletion;
import io.imagepipe.ingest.upload.ImageDeletions.Erasure;

import org.springframework.stereotype.Service;

/**
 * Deletes one image, or erases every image of an owner, slot by slot (each slot in a
 * transaction of its own, so an erasure holds no lock on many images at once; a repeat
 * finishes what an interrupted one left).
 */
@Service
class ImageDeletionService {

	private final ImageDeletions deletions;

	private final UploadProperties.Slots slots;

	private final DeletedImages deleted;

	ImageDeletionService(ImageDeletions deletions, UploadProperties.Slots slots, DeletedImages deleted) {
		this.deletions = deletions;
		this.slots = slots;
		this.deleted = deleted;
	}

	/**
	 * Delete an image and the raw bytes of all its uploads.
	 * @param key the image, checked
	 * @param actor who asked
	 * @return what was removed
	 */
	Deletion delete(ImageKey key, String actor) {
		return this.deleted.announce(this.deletions.delete(key, actor, "image"));
	}

	/**
	 * Erase every image of an owner, and record the erasure in the ops audit trail.
	 * @param ownerType the owner type from the path
	 * @param ownerId the owner id from the path
	 * @param actor who asked
	 * @return what was removed
	 */
	Erasure erase(String ownerType, String ownerId, String actor) {
		if (!this.slots.slots().containsKey(ownerType)) {
			throw UploadRejected.unknownOwnerType(ownerType);
		}
		if (!ImageKey.isValidOwnerId(ownerId)) {
			throw UploadRejected.invalidOwnerId();
		}
		List<String> names = this.deletions.slotsOf(ownerType, ownerId);
		int images = 0;
		int uploads = 0;
		long bytes = 0;
		for (String slot : names) {
			Deletion deletion = this.deleted
				.announce(this.deletions.delete(new ImageKey(ownerType, ownerId, slot), actor, "owner"));
			images += deletion.hadImage() ? 1 : 0;
			uploads += deletion.uploads();
			bytes += deletion.bytesFreed();
		}
		Erasure erasure = new Erasure(ownerType, ownerId, names.size(), images, uploads, bytes);
		this.deletions.audit(erasure, actor);
		return erasure;
	}

}
