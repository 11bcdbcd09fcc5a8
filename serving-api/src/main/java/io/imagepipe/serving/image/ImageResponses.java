package io.imagepipe.serving.image;

import java.util.Optional;

import io.imagepipe.contract.ImageKey;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Builds the answers for an image: the bytes with their caching headers, a 304 read from
 * the metadata alone, or the metadata as JSON. {@code ?w=} selects a rendition: its own
 * bytes and ETag (its own hash), under the image's {@code v} and cache rules.
 */
@Component
class ImageResponses {

	/**
	 * For the current {@code ?v=}: those bytes never change, so caches keep them a year.
	 */
	static final String IMMUTABLE = "public, max-age=31536000, immutable";

	/** For every other URL: caches keep the bytes but revalidate them with the ETag. */
	static final String REVALIDATE = "public, no-cache";

	private final Images images;

	private final ServingProperties properties;

	ImageResponses(Images images, ServingProperties properties) {
		this.images = images;
		this.properties = properties;
	}

	/**
	 * Answer a GET: 304 from the metadata when the client's copy is current, else the
	 * bytes from a single query (two when {@code ?w=} is wider than every rendition).
	 * @param width the {@code w} asked for, {@code null} for the image itself
	 */
	ResponseEntity<byte[]> get(ImageKey key, String v, Integer width, String ifNoneMatch) {
		if (ifNoneMatch != null) {
			ImageMetadata metadata = metadata(key, width);
			if (metadata.isMatchedBy(ifNoneMatch)) {
				return notModified(metadata, v);
			}
		}
		StoredImage image = ((width != null) ? this.images.findRenditionWithBytes(key, width)
				: Optional.<StoredImage>empty())
			.or(() -> this.images.findWithBytes(key))
			.orElseThrow(ImageNotFound::missing);
		return ok(image.metadata(), v).contentLength(image.bytes().length).body(image.bytes());
	}

	/**
	 * Answer a HEAD: the headers of a GET, from the metadata alone.
	 */
	ResponseEntity<byte[]> head(ImageKey key, String v, Integer width, String ifNoneMatch) {
		ImageMetadata metadata = metadata(key, width);
		if (metadata.isMatchedBy(ifNoneMatch)) {
			return notModified(metadata, v);
		}
		return ok(metadata, v).contentLength(metadata.byteSize()).build();
	}

	/**
	 * Answer a metadata request: always fresh, as it names the current version.
	 */
	ResponseEntity<ImageMetadataResponse> metadata(ImageKey key) {
		ImageMetadata metadata = this.images.findMetadata(key).orElseThrow(ImageNotFound::missing);
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noCache())
			.body(ImageMetadataResponse.of(this.properties.publicBaseUrl(), key, metadata,
					this.images.findRenditions(key)));
	}

	/**
	 * The metadata of what {@code ?w=} selects: the narrowest rendition at least that
	 * wide, else the image itself.
	 */
	private ImageMetadata metadata(ImageKey key, Integer width) {
		return ((width != null) ? this.images.findRenditionMetadata(key, width) : Optional.<ImageMetadata>empty())
			.or(() -> this.images.findMetadata(key))
			.orElseThrow(ImageNotFound::missing);
	}

	private static ResponseEntity<byte[]> notModified(ImageMetadata metadata, String v) {
		return withValidators(ResponseEntity.status(HttpStatus.NOT_MODIFIED), metadata, v).build();
	}

	private static ResponseEntity.BodyBuilder ok(ImageMetadata metadata, String v) {
		return withValidators(ResponseEntity.ok(), metadata, v)
			.contentType(MediaType.parseMediaType(metadata.contentType()))
			.lastModified(metadata.updatedAt())
			.header("Cross-Origin-Resource-Policy", "cross-origin");
	}

	private static ResponseEntity.BodyBuilder withValidators(ResponseEntity.BodyBuilder builder, ImageMetadata metadata,
			String v) {
		String cacheControl = metadata.isCurrentVersion(v) ? IMMUTABLE : REVALIDATE;
		return builder.eTag(metadata.etag().formattedTag()).header("Cache-Control", cacheControl);
	}

}
