package io.imagepipe.serving.image;

import java.time.Instant;

import io.imagepipe.contract.VersionedUrls;

import org.springframework.http.ETag;

/**
 * What is known about the served bytes of an image, without the bytes.
 *
 * @param contentType the media type of the bytes, {@code image/webp}
 * @param width the width in pixels
 * @param height the height in pixels
 * @param byteSize the length of the bytes
 * @param sha256 the lower-case hex SHA-256 of the bytes, stored when they were written
 * @param updatedAt when the bytes were last written
 */
record ImageMetadata(String contentType, int width, int height, int byteSize, String sha256, Instant updatedAt) {

	/**
	 * The strong ETag of the bytes: their stored hash.
	 * @return the ETag
	 */
	ETag etag() {
		return new ETag(this.sha256, false);
	}

	/**
	 * The version token of the bytes, the {@code v} of their versioned URL.
	 * @return the token
	 */
	String versionToken() {
		return VersionedUrls.versionToken(this.sha256);
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
