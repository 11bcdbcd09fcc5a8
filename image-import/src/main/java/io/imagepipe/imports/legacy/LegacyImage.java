package io.imagepipe.imports.legacy;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.imagepipe.contract.ImageKey;

/**
 * One image to import.
 *
 * @param source where it comes from, unique within its source: a relative path, or
 * {@code jdbc:} and the image key
 * @param key the image it becomes
 * @param fingerprint cheap to compute and changes when the source's bytes change (size
 * and modification time of a file, the URL of a legacy URL, the hash of a BLOB); a re-run
 * skips a source whose fingerprint is already imported, without reading it
 * @param loader reads the bytes
 */
record LegacyImage(String source, ImageKey key, String fingerprint, Loader loader) {

	/**
	 * Reads the bytes of a legacy image.
	 */
	@FunctionalInterface
	interface Loader {

		byte[] load() throws IOException, InterruptedException;

	}

	/**
	 * Read an image key written as {@code ownerType/ownerId/slot}.
	 * @param text the key
	 * @return the key
	 * @throws IllegalArgumentException when it is not a valid image key
	 */
	static ImageKey parseKey(String text) {
		String[] parts = text.split("/", -1);
		if (parts.length != 3) {
			throw new IllegalArgumentException("'" + text + "' is not ownerType/ownerId/slot");
		}
		try {
			return new ImageKey(parts[0], parts[1], parts[2]);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("'" + text + "' is not a valid image key: " + ex.getMessage(), ex);
		}
	}

	/**
	 * The SHA-256 of some bytes.
	 * @param bytes the bytes
	 * @return the hash in lower-case hex
	 */
	static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every JVM has SHA-256", ex);
		}
	}

}
