package io.imagepipe.serving.image;

import java.time.Instant;

import io.imagepipe.contract.VersionedUrls;

import org.springframework.http.ETag;

/**
 * What is known about the served bytes of an image or of one of its renditions, without
 * the bytes.
 *
 * @param width the width in pixels
 * @param height the height in pixels
 * @param byteSize the length of the bytes as stored (the length a {@code GET} sends)
 * @param sha256 the lower-case hex SHA-256 of the bytes, stored when they were written
 * @param updatedAt when the image's bytes were last written
 * @param rendition whether these are the bytes of a rendition rather than of the image
 * itself
 * @param placeholderColor the image's average colour, {@code #rrggbb}, or {@code null}
 */
record ImageMetadata(int width, int height, int byteSize, String sha256, Instant updatedAt, boolean rendition,
		String placeholderColor) {

	/**
	 * The strong ETag of the bytes: their stored hash.
	 * @return the ETag
	 */
	ETag etag() {
		return new ETag(this.sha256, false);
	}

	/**
	 * The version token of these bytes, the {@code v} of their versioned URL. Each
	 * rendition has its own, from its own hash, so that new rendition bytes (after a
	 * change of the slot's rendition widths or of the encoder) always get a new URL, also
	 * when the image's own bytes stay the same.
	 * @return the token
	 */
	String versionToken() {
		return VersionedUrls.versionToken(this.sha256);
	}

	/**
	 * Tell whether a {@code v} parameter names these bytes.
	 * @param v the parameter, possibly {@code null}
	 * @return whether the bytes at that URL can be cached for good
	 */
	boolean isCurrentVersion(String v) {
		return VersionedUrls.isCurrent(v, this.sha256);
	}

	/**
	 * Tell whether an {@code If-None-Match} header names these bytes, with the weak
	 * comparison RFC 9110 prescribes for it.
	 * @param ifNoneMatch the header value, possibly {@code null}
	 * @return whether the client's copy is current
	 */
	boolean isMatchedBy(String ifNoneMatch) {
		if (ifNoneMatch == null) {
			return false;
		}
		ETag current = etag();
		return ETag.parse(ifNoneMatch).stream().anyMatch((tag) -> tag.isWildcard() || tag.compare(current, false));
	}

}
