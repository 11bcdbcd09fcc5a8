package io.imagepipe.worker.compress;

import java.util.List;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The size an image is made for one slot.
 *
 * @param maxWidth the largest output width
 * @param maxHeight the largest output height
 * @param fit {@code inside} keeps the whole picture within the box; {@code cover} crops
 * it to fill the box from the centre
 * @param renditions the widths of the smaller copies made with the image, such as 64, 128
 * and 256 for header avatars; a width not smaller than the image's own is skipped
 */
public record SlotPreset(@Positive @DefaultValue("1024") int maxWidth, @Positive @DefaultValue("1024") int maxHeight,
		@NotNull @DefaultValue("inside") Fit fit, @NotNull @DefaultValue List<@Positive Integer> renditions) {

	/**
	 * A preset without renditions.
	 * @param maxWidth the largest output width
	 * @param maxHeight the largest output height
	 * @param fit how the image fills the box
	 * @return the preset
	 */
	public static SlotPreset of(int maxWidth, int maxHeight, Fit fit) {
		return new SlotPreset(maxWidth, maxHeight, fit, List.of());
	}

	/**
	 * How an image fills its box.
	 */
	public enum Fit {

		/** Scale down to fit within the box, keeping the whole picture. */
		INSIDE,

		/** Scale down to cover the box and crop the overflow from the centre. */
		COVER

	}

}
