package io.imagepipe.serving.image;

import java.net.URI;
import java.time.Instant;
import java.util.List;

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
 * @param contentType the media type of the bytes, always {@code image/webp}: only bytes
 * that carry the WebP signature are described
 * @param updatedAt when the bytes were last written
 * @param placeholderColor the average colour, {@code #rrggbb}, to paint while the image
 * loads; {@code null} when the image is fully transparent
 * @param renditions the smaller copies, narrowest first, each with its versioned URL, for
 * a {@code srcset}: {@code ?v=…&w=…} with the token of the rendition's own bytes
 */
record ImageMetadataResponse(URI url, URI versionedUrl, String version, int width, int height, int byteSize,
		String contentType, Instant updatedAt, String placeholderColor, List<RenditionResponse> renditions) {

	static ImageMetadataResponse of(URI publicBaseUrl, ImageKey key, ImageMetadata metadata,
			List<Images.Rendition> renditions) {
		URI versionedUrl = VersionedUrls.versionedUrl(publicBaseUrl, key, metadata.sha256());
		List<RenditionResponse> listed = renditions.stream()
			.map((r) -> new RenditionResponse(
					URI.create(VersionedUrls.versionedUrl(publicBaseUrl, key, r.sha256()) + "&w=" + r.width()),
					r.width(), r.height(), r.byteSize()))
			.toList();
		return new ImageMetadataResponse(VersionedUrls.imageUrl(publicBaseUrl, key), versionedUrl,
				metadata.versionToken(), metadata.width(), metadata.height(), metadata.byteSize(),
				WebpSignature.MEDIA_TYPE.toString(), metadata.updatedAt(), metadata.placeholderColor(), listed);
	}

	/**
	 * A rendition as the API shows it.
	 *
	 * @param url its versioned URL ({@code v} from its own hash, {@code w} its width),
	 * cacheable for a year
	 * @param width its width
	 * @param height its height
	 * @param byteSize the length of its bytes
	 */
	record RenditionResponse(URI url, int width, int height, int byteSize) {
	}

}
