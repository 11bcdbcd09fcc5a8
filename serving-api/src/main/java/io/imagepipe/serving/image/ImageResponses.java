package io.imagepipe.serving.image;

import java.util.Optional;

import io.imagepipe.contract.ImageKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Builds the answers for an image: the bytes with their caching headers, a 304 read from
 * the metadata alone, or the metadata as JSON. {@code ?w=} selects a rendition: its own
 * bytes, ETag and version token (its own hash).
 * <p>
 * Only WebP is ever sent: the bytes a {@code GET} is about to send, and the leading bytes
 * a {@code HEAD} or the metadata describe, must open with the WebP signature, else the
 * answer is the {@link UnservableImage} problem; {@code Content-Type: image/webp} comes
 * from that check, never from the stored {@code content_type}. A 304 is not checked, so
 * it keeps its single metadata query: it sends no bytes and only confirms the copy a
 * client already holds, and a client can only name the bytes of a refused row by guessing
 * their hash or sending {@code *}, as no {@code GET} or {@code HEAD} of them ever carries
 * their ETag.
 * <p>
 * Which caches may keep an answer, and for how long, depends on the URL it answers:
 * <ul>
 * <li>{@code ?v=} with the token of exactly the bytes sent, in a canonical form
 * ({@link ImageQuery}): {@value #IMMUTABLE}. For a rendition that means {@code ?v=…&w=…}
 * with the rendition's own token and a {@code w} that is one of the slot's configured
 * rendition widths and the width of the rendition sent, so a rendition's versioned URL
 * names its bytes and nothing else.</li>
 * <li>The stable URL, without {@code v}, or with only a configured {@code w} that a
 * rendition of that width answers: {@value #REVALIDATE}.</li>
 * <li>Anything else (an old or unknown {@code v}, a {@code w} that is not a configured
 * rendition width or that no rendition has exactly, unknown, repeated or percent-encoded
 * parameters, another order): the current bytes with {@value #NO_STORE}, so no cache
 * keeps a copy per spelling. Such URLs are answered rather than redirected to the
 * canonical one: the nginx front keys its cache on {@code v} and {@code w} alone, and a
 * redirect stored under the canonical URL's key would loop.</li>
 * </ul>
 * <p>
 * Image answers (200, {@code HEAD}, 304) carry
 * {@code Cross-Origin-Resource-Policy: cross-origin}, since pages on other origins embed
 * them; every other answer keeps {@code same-origin} (see {@code SecurityHeaders}).
 */
@Component
class ImageResponses {

	/**
	 * For the current {@code ?v=}: those bytes never change, so caches keep them a year.
	 */
	static final String IMMUTABLE = "public, max-age=31536000, immutable";

	/** For the stable URL: caches keep the bytes but revalidate them with the ETag. */
	static final String REVALIDATE = "public, no-cache";

	/** For every URL that is not a canonical one: no cache keeps the answer. */
	static final String NO_STORE = "no-store";

	/** Lets pages on any origin embed the images, also under {@code require-corp}. */
	static final String EMBEDDABLE_ANYWHERE = "cross-origin";

	private static final Logger log = LoggerFactory.getLogger(ImageResponses.class);

	private final Images images;

	private final ServingProperties properties;

	private final HotImages hot;

	private final ImageSlots slots;

	ImageResponses(Images images, ServingProperties properties, HotImages hot, ImageSlots slots) {
		this.images = images;
		this.properties = properties;
		this.hot = hot;
		this.slots = slots;
	}

	/**
	 * Answer a GET from the metadata: 304 when the client's copy is current, else the
	 * bytes the metadata names from {@link HotImages} when they are kept there, else from
	 * the database (one more query, two when {@code ?w=} is wider than every rendition)
	 * once they prove to be WebP.
	 * @param query the {@code v} and {@code w} asked for, and whether they are written
	 * canonically
	 */
	ResponseEntity<byte[]> get(ImageKey key, ImageQuery query, String ifNoneMatch) {
		Integer width = query.width();
		ImageMetadata metadata = metadata(key, width);
		String cacheControl = cacheControl(key, query, metadata);
		if (ifNoneMatch != null && metadata.isMatchedBy(ifNoneMatch)) {
			return notModified(metadata, cacheControl);
		}
		byte[] kept = this.hot.get(metadata.sha256());
		if (kept != null) {
			return ok(metadata, cacheControl).contentLength(kept.length).body(kept);
		}
		StoredImage image = ((width != null) ? this.images.findRenditionWithBytes(key, width)
				: Optional.<StoredImage>empty())
			.or(() -> this.images.findWithBytes(key))
			.orElseThrow(ImageNotFound::missing);
		requireWebp(key, width, image.bytes());
		this.hot.keep(image.metadata().sha256(), image.bytes());
		return ok(image.metadata(), cacheControl(key, query, image.metadata())).contentLength(image.bytes().length)
			.body(image.bytes());
	}

	/**
	 * Answer a HEAD: the status and headers of a GET, from the metadata and the leading
	 * bytes alone.
	 */
	ResponseEntity<byte[]> head(ImageKey key, ImageQuery query, String ifNoneMatch) {
		Integer width = query.width();
		ImageHead head = ((width != null) ? this.images.findRenditionHead(key, width) : Optional.<ImageHead>empty())
			.or(() -> this.images.findHead(key))
			.orElseThrow(ImageNotFound::missing);
		String cacheControl = cacheControl(key, query, head.metadata());
		if (head.metadata().isMatchedBy(ifNoneMatch)) {
			return notModified(head.metadata(), cacheControl);
		}
		requireWebp(key, width, head.signature());
		return ok(head.metadata(), cacheControl).contentLength(head.metadata().byteSize()).build();
	}

	/**
	 * Answer a metadata request: always fresh, as it names the current version; refused
	 * like a GET when the image's bytes are not WebP.
	 */
	ResponseEntity<ImageMetadataResponse> metadata(ImageKey key) {
		ImageHead head = this.images.findHead(key).orElseThrow(ImageNotFound::missing);
		requireWebp(key, null, head.signature());
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noCache())
			.body(ImageMetadataResponse.of(this.properties.publicBaseUrl(), key, head.metadata(),
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

	/**
	 * How caches may keep the answer to a query that is answered with the given bytes
	 * (see the class description).
	 */
	private String cacheControl(ImageKey key, ImageQuery query, ImageMetadata served) {
		if (!query.canonical()) {
			return NO_STORE;
		}
		Integer width = query.width();
		if (width != null
				&& !(served.rendition() && served.width() == width && this.slots.isRenditionWidth(key, width))) {
			return NO_STORE;
		}
		if (query.v() == null) {
			return REVALIDATE;
		}
		return served.isCurrentVersion(query.v()) ? IMMUTABLE : NO_STORE;
	}

	private static void requireWebp(ImageKey key, Integer width, byte[] bytes) {
		if (!WebpSignature.matches(bytes)) {
			log.error(
					"Refused to serve {}{}: the stored bytes are not a WebP file (no RIFF....WEBP signature); "
							+ "the row was corrupted or tampered with",
					key.path(), (width != null) ? "?w=" + width : "");
			throw new UnservableImage();
		}
	}

	private static ResponseEntity<byte[]> notModified(ImageMetadata metadata, String cacheControl) {
		return withValidators(ResponseEntity.status(HttpStatus.NOT_MODIFIED), metadata, cacheControl).build();
	}

	private static ResponseEntity.BodyBuilder ok(ImageMetadata metadata, String cacheControl) {
		return withValidators(ResponseEntity.ok(), metadata, cacheControl).contentType(WebpSignature.MEDIA_TYPE)
			.lastModified(metadata.updatedAt());
	}

	private static ResponseEntity.BodyBuilder withValidators(ResponseEntity.BodyBuilder builder, ImageMetadata metadata,
			String cacheControl) {
		return builder.eTag(metadata.etag().formattedTag())
			.header("Cache-Control", cacheControl)
			.header("Cross-Origin-Resource-Policy", EMBEDDABLE_ANYWHERE);
	}

}
