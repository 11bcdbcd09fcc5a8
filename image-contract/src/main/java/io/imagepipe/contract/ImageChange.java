package io.imagepipe.contract;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The announcement that an image changed: its bytes were written or it was deleted, and
 * the change committed with the number {@code changeSeq} (the column {@code change_seq}
 * of {@code images} and {@code image_deletions}, from the sequence
 * {@code image_change_seq}). compression-worker and ingest-api's deletion publish it
 * after their commit to the fanout exchange {@link #exchange(String)}; every serving-api
 * instance binds a queue of its own to it and drops its copy of the image's metadata when
 * the number is higher than the copy's. The body is text, {@code ownerType/ownerId/slot
 * changeSeq}, such as {@code users/42/profile 1234}.
 *
 * @param key the image
 * @param changeSeq the number of the change
 */
public record ImageChange(ImageKey key, long changeSeq) {

	public ImageChange {
		Objects.requireNonNull(key, "key");
	}

	/**
	 * The fanout exchange the changes are published to.
	 * @param namespace the prefix of every broker name ({@link JobTopology#namespace()})
	 * @return its name
	 */
	public static String exchange(String namespace) {
		return namespace + ".images.changed";
	}

	/**
	 * The message body.
	 * @return {@code ownerType/ownerId/slot changeSeq} in UTF-8
	 */
	public byte[] body() {
		return (this.key.ownerType() + "/" + this.key.ownerId() + "/" + this.key.slot() + " " + this.changeSeq)
			.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Read a message body.
	 * @param body the body
	 * @return the change
	 * @throws IllegalArgumentException when the body is not a change
	 */
	public static ImageChange parse(byte[] body) {
		String text = new String(body, StandardCharsets.UTF_8);
		int space = text.indexOf(' ');
		String[] key = (space > 0) ? text.substring(0, space).split("/", -1) : new String[0];
		if (key.length != 3) {
			throw new IllegalArgumentException("not an image change");
		}
		try {
			return new ImageChange(new ImageKey(key[0], key[1], key[2]), Long.parseLong(text.substring(space + 1)));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("not an image change", ex);
		}
	}

}
