package io.imagepipe.contract;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The identity of one served image: an owner (a user, an organization, ...) and the slot
 * the image fills for that owner (a profile photo, a logo, ...).
 *
 * @param ownerType the kind of owner, such as {@code users}
 * @param ownerId the owner's id, such as {@code 42}
 * @param slot the slot, such as {@code profile}
 */
public record ImageKey(String ownerType, String ownerId, String slot) {

	private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");

	private static final Pattern OWNER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

	public ImageKey {
		Objects.requireNonNull(ownerType, "ownerType");
		Objects.requireNonNull(ownerId, "ownerId");
		Objects.requireNonNull(slot, "slot");
		if (!isValidName(ownerType) || !isValidName(slot)) {
			throw new IllegalArgumentException("owner type and slot must be lower-case names");
		}
		if (!isValidOwnerId(ownerId)) {
			throw new IllegalArgumentException(
					"owner id must be 1 to 64 letters, digits, '-' or '_', starting with a letter or digit");
		}
	}

	/**
	 * Tell whether a path segment can be an owner type or a slot.
	 * @param value the candidate
	 * @return whether it is a lower-case name of at most 32 characters
	 */
	public static boolean isValidName(String value) {
		return value != null && NAME.matcher(value).matches();
	}

	/**
	 * Tell whether a path segment can be an owner id.
	 * @param value the candidate
	 * @return whether it is 1 to 64 URL-safe characters
	 */
	public static boolean isValidOwnerId(String value) {
		return value != null && OWNER_ID.matcher(value).matches();
	}

	/**
	 * The public path of this image, without a version.
	 * @return such as {@code /images/users/42/profile}
	 */
	public String path() {
		return "/images/" + this.ownerType + "/" + this.ownerId + "/" + this.slot;
	}

	@Override
	public String toString() {
		return this.ownerType + "/" + this.ownerId + "/" + this.slot;
	}

}
