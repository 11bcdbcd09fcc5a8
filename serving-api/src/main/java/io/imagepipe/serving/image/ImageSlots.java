package io.imagepipe.serving.image;

import java.util.Map;

import io.imagepipe.contract.ImageKey;
import jakarta.validation.constraints.NotEmpty;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The owner types and slots that have images, from {@code imagepipe.slots}.
 *
 * @param slots owner type → slot name → its settings (only the names matter here)
 */
@Validated
@ConfigurationProperties("imagepipe")
record ImageSlots(@NotEmpty Map<String, Map<String, Map<String, Object>>> slots) {

	/**
	 * The key of an image from its path segments.
	 * @param ownerType such as {@code users}
	 * @param ownerId such as {@code 42}
	 * @param slot such as {@code profile}
	 * @return the key
	 * @throws ImageNotFound when the slot is not configured or the owner id is invalid
	 */
	ImageKey keyOf(String ownerType, String ownerId, String slot) {
		if (!ImageKey.isValidName(ownerType) || !ImageKey.isValidName(slot) || !knows(ownerType, slot)) {
			throw ImageNotFound.unknownSlot();
		}
		if (!ImageKey.isValidOwnerId(ownerId)) {
			throw ImageNotFound.missing();
		}
		return new ImageKey(ownerType, ownerId, slot);
	}

	private boolean knows(String ownerType, String slot) {
		Map<String, Map<String, Object>> forOwner = this.slots.get(ownerType);
		return forOwner != null && forOwner.containsKey(slot);
	}

}
