package io.imagepipe.serving.image;

import java.net.URI;
import java.time.Instant;

import io.imagepipe.contract.ImageKey;
import io.imagepipe.contract.VersionedUrls;

/**
 * An image's metadata as the API shows it.
 *
 * @param url the stable URL, always the newest bytes, revalidated by browsers
 * @param versionedUrl the URL of exactly these bytes, cacheable for a year
 * @param version the version token, the {@code v} of {@code versionedUrl}
 * @param width the width in pixels
 * @param height the height in pixels
 * @param byteSize the length of the bytes
 * @param contentType the media type of the bytes
 * @param updatedAt when the bytes were last written
 */
record ImageMetadataResponse(URI url, URI versionedUrl, String version, int width, int height, int byteSize,
		String contentType, Instant updatedAt) {

	static ImageMetadataResponse of(URI publicBaseUrl, ImageKey key, ImageMetadata metadata) {
		return new ImageMetadataResponse(VersionedUrls.imageUrl(publicBaseUrl, key),
				VersionedUrls.versionedUrl(publicBaseUrl, key, metadata.sha256()), metadata.versionToken(),
				metadata.width(), metadata.height(), metadata.byteSize(), metadata.contentType(), metadata.updatedAt());
	}

}
