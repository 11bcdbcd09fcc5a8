package io.imagepipe.contract;

import java.net.URI;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The rules for the public URLs of an image. The version token {@code v} is derived from
 * the SHA-256 of the served bytes, so it changes exactly when the bytes change and can
 * never point at other bytes, even after a restore or the re-creation of an image.
 */
public final class VersionedUrls {

	/** Hex characters of the content hash that make up a version token. */
	public static final int TOKEN_LENGTH = 16;

	private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

	private VersionedUrls() {
	}

	/**
	 * The version token for bytes with the given hash.
	 * @param sha256Hex the lower-case hex SHA-256 of the served bytes
	 * @return the first {@value #TOKEN_LENGTH} hex characters
	 */
	public static String versionToken(String sha256Hex) {
		if (sha256Hex == null || !SHA256_HEX.matcher(sha256Hex).matches()) {
			throw new IllegalArgumentException("not a lower-case hex SHA-256: " + sha256Hex);
		}
		return sha256Hex.substring(0, TOKEN_LENGTH);
	}

	/**
	 * The lower-case hex form of a SHA-256 digest.
	 * @param digest the 32 bytes of the digest
	 * @return its hex form
	 */
	public static String hex(byte[] digest) {
		return HexFormat.of().formatHex(digest).toLowerCase(Locale.ROOT);
	}

	/**
	 * The stable, unversioned URL of an image.
	 * @param publicBaseUrl where serving-api is reached by browsers
	 * @param key the image
	 * @return such as {@code http://localhost:8082/images/users/42/profile}
	 */
	public static URI imageUrl(URI publicBaseUrl, ImageKey key) {
		return URI.create(stripTrailingSlash(publicBaseUrl) + key.path());
	}

	/**
	 * The versioned URL of an image, cacheable for a year.
	 * @param publicBaseUrl where serving-api is reached by browsers
	 * @param key the image
	 * @param sha256Hex the hash of the bytes the URL stands for
	 * @return such as {@code http://localhost:8082/images/users/42/profile?v=3f2a...}
	 */
	public static URI versionedUrl(URI publicBaseUrl, ImageKey key, String sha256Hex) {
		return URI.create(imageUrl(publicBaseUrl, key) + "?v=" + versionToken(sha256Hex));
	}

	/**
	 * Tell whether a {@code v} parameter names the bytes with the given hash.
	 * @param v the parameter, possibly {@code null}
	 * @param sha256Hex the hash of the current bytes
	 * @return whether {@code v} is the current version token
	 */
	public static boolean isCurrent(String v, String sha256Hex) {
		return v != null && v.equals(versionToken(sha256Hex));
	}

	private static String stripTrailingSlash(URI uri) {
		String value = uri.toString();
		return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
	}

}
