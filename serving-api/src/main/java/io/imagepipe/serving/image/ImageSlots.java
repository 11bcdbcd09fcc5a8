package io.imagepipe.serving.image;

import java.util.List;
import java.util.Map;

import io.imagepipe.contract.ImageKey;
import jakarta.validation.constraints.NotEmpty;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The owner types and slots that have images, from {@code imagepipe.slots}, with the
 * rendition widths of each: the only {@code w} whose answers caches may keep.
 *
 * @param slots owner type → slot name → its settings (only the names and the rendition
 * widths matter here)
 */
@Validated
@ConfigurationProperties("imagepipe")
record ImageSlots(@NotEmpty Map<String, Map<String, Slot>> slots) {

	/**
	 * The key of an image from its path segments.
	 * @param ownerType such as {@code users}
	 * @param ownerId such as {@code 42}
	 * @param slot such as {@code profile}
	 * @return the key
	 * @throws ImageNotFound when the slot is not configured or the owner id is invalid
	 */
	ImageKey keyOf(String ownerType, String ownerId, String slot) {
		if (!ImageKey.isValidName(ownerType) || !ImageKey.isValidName(slot) || slot(ownerType, slot) == null) {
			throw ImageNotFound.unknownSlot();
		}
		if (!ImageKey.isValidOwnerId(ownerId)) {
			throw ImageNotFound.missing();
		}
		return new ImageKey(ownerType, ownerId, slot);
	}

	/**
	 * Tell whether a width is one of the rendition widths configured for an image's slot.
	 * @param key the image
	 * @param width the width
	 * @return whether the worker makes renditions of that width for the slot
	 */
	boolean isRenditionWidth(ImageKey key, int width) {
		Slot slot = slot(key.ownerType(), key.slot());
		return slot != null && slot.renditions().contains(width);
	}

	private Slot slot(String ownerType, String slot) {
		Map<String, Slot> forOwner = this.slots.get(ownerType);
		return (forOwner != null) ? forOwner.get(slot) : null;
	}

	/**
	 * The settings of one slot that serving-api reads.
	 *
	 * @param renditions the widths of the renditions the worker makes for it
	 */
	record Slot(@DefaultValue List<Integer> renditions) {
	}

}
