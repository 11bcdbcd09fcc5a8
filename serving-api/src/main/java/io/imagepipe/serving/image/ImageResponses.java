package io.imagepipe.serving.image;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import io.imagepipe.contract.ImageKey;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
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
 * from that check, never from the stored {@code content_type}. A 304 is not checked: it
 * sends no bytes and only confirms the copy a client already holds, and a client can only
 * name the bytes of a refused row by guessing their hash or sending {@code *}, as no
 * {@code GET} or {@code HEAD} of them ever carries their ETag.
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
 * <p>
 * The warm answers of a {@code GET}, the 304 and the kept bytes, are written straight to
 * the servlet response: the status, the header values formatted once
 * ({@link CurrentImage.Answer}), {@code Content-Length}, and the kept array itself as the
 * body, without Spring MVC's return value handling, content negotiation and message
 * converters (ADR 0014). The headers are the same as the {@code ResponseEntity} of the
 * other answers carries. Kept bytes are answered that way only to a request without
 * preconditions; one with {@code If-Modified-Since}, {@code If-Match},
 * {@code If-Unmodified-Since} or an {@code If-None-Match} that names other bytes gets the
 * {@code ResponseEntity}, whose preconditions Spring MVC evaluates as before.
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

	private static final String WEBP = WebpSignature.MEDIA_TYPE.toString();

	private static final Logger log = LoggerFactory.getLogger(ImageResponses.class);

	private final Images images;

	private final CurrentImages current;

	private final ServingProperties properties;

	private final HotImages hot;

	private final ImageSlots slots;

	private final ImageFiles files;

	ImageResponses(Images images, CurrentImages current, ServingProperties properties, HotImages hot, ImageSlots slots,
			ImageFiles files) {
		this.images = images;
		this.current = current;
		this.properties = properties;
		this.hot = hot;
		this.slots = slots;
		this.files = files;
	}

	/**
	 * Answer a GET from the image's current state ({@link CurrentImages}): 304 when the
	 * client's copy is current, else the bytes it names from {@link HotImages} when they
	 * are kept there, else from the database (one query, two when {@code ?w=} is wider
	 * than every rendition) once they prove to be WebP. A warm answer runs no query.
	 * @param query the {@code v} and {@code w} asked for, and whether they are written
	 * canonically
	 * @param ifNoneMatch the request's {@code If-None-Match}, or {@code null}
	 * @param otherPreconditions whether the request carries {@code If-Modified-Since},
	 * {@code If-Match} or {@code If-Unmodified-Since}
	 * @param response where a warm answer is written
	 * @return the answer, or {@code null} when it was written to {@code response}
	 * @throws IOException when the answer cannot be written
	 */
	ResponseEntity<byte[]> get(ImageKey key, ImageQuery query, String ifNoneMatch, boolean otherPreconditions,
			HttpServletResponse response) throws IOException {
		CurrentImage state = state(key, query);
		CurrentImage.Answer answer = state.select(query.width());
		ImageMetadata metadata = answer.metadata();
		String cacheControl = cacheControl(key, query, metadata);
		if (ifNoneMatch != null && isMatchedBy(answer, ifNoneMatch)) {
			if (this.files.enabled() && IMMUTABLE.equals(cacheControl)
					&& !this.files.has(key, state.changeSeq(), query)) {
				// the front's cache revalidating: its file was removed (its time ran out,
				// or it was evicted), and this 304 would keep it from coming back
				byte[] bytes = bytesOf(key, query.width(), metadata);
				if (bytes != null) {
					keepFile(key, state, query, cacheControl, answer, bytes);
				}
			}
			writeNotModified(response, answer, cacheControl);
			return null;
		}
		byte[] kept = this.hot.get(metadata.sha256());
		if (kept != null) {
			keepFile(key, state, query, cacheControl, answer, kept);
			if (ifNoneMatch == null && !otherPreconditions) {
				writeOk(response, answer, cacheControl, kept);
				return null;
			}
			return ok(answer, cacheControl).body(kept);
		}
		Integer width = query.width();
		StoredImage image = stored(key, width).orElseThrow(() -> {
			this.current.forget(key);
			return ImageNotFound.missing();
		});
		requireWebp(key, width, image.bytes());
		this.hot.keep(image.metadata().sha256(), image.bytes());
		if (!image.metadata().sha256().equals(metadata.sha256())) {
			// the image changed since its state was read: answer with what was read now
			this.current.forget(key);
			answer = CurrentImage.Answer.of(image.metadata(), image.bytes());
			return ok(answer, cacheControl(key, query, answer.metadata())).body(image.bytes());
		}
		keepFile(key, state, query, cacheControl, answer, image.bytes());
		return ok(answer, cacheControl).body(image.bytes());
	}

	/**
	 * The bytes a state names, from {@link HotImages} or else the database, or
	 * {@code null} when the database holds others by now or they are not WebP.
	 */
	private byte[] bytesOf(ImageKey key, Integer width, ImageMetadata metadata) {
		byte[] kept = this.hot.get(metadata.sha256());
		if (kept != null) {
			return kept;
		}
		Optional<StoredImage> stored = stored(key, width);
		if (stored.isEmpty() || !stored.get().metadata().sha256().equals(metadata.sha256())
				|| !WebpSignature.matches(stored.get().bytes())) {
			return null;
		}
		this.hot.keep(metadata.sha256(), stored.get().bytes());
		return stored.get().bytes();
	}

	/**
	 * The stored bytes for a display width: the rendition the database selects for it,
	 * else the image's own (also when {@code ?w=} is wider than every rendition).
	 */
	private Optional<StoredImage> stored(ImageKey key, Integer width) {
		return ((width != null) ? this.images.findRenditionWithBytes(key, width) : Optional.<StoredImage>empty())
			.or(() -> this.images.findWithBytes(key));
	}

	/**
	 * Hand the bytes of an answer that caches may keep for ever to {@link ImageFiles},
	 * for the front to send itself.
	 */
	private void keepFile(ImageKey key, CurrentImage state, ImageQuery query, String cacheControl,
			CurrentImage.Answer answer, byte[] bytes) {
		if (this.files.enabled() && IMMUTABLE.equals(cacheControl)) {
			this.files.keep(key, state.changeSeq(), query, answer, bytes);
		}
	}

	/**
	 * Answer a HEAD: the status and headers of a GET, from the image's current state
	 * alone.
	 */
	ResponseEntity<byte[]> head(ImageKey key, ImageQuery query, String ifNoneMatch) {
		CurrentImage.Answer answer = state(key, query).select(query.width());
		String cacheControl = cacheControl(key, query, answer.metadata());
		if (ifNoneMatch != null && isMatchedBy(answer, ifNoneMatch)) {
			return notModified(answer, cacheControl);
		}
		requireWebp(key, query.width(), answer.webp());
		return ok(answer, cacheControl).build();
	}

	/**
	 * Answer a metadata request: always fresh for the client, as it names the current
	 * version; refused like a GET when the image's bytes are not WebP.
	 */
	ResponseEntity<ImageMetadataResponse> metadata(ImageKey key) {
		CurrentImage image = this.current.find(key);
		requireWebp(key, null, image.image().webp());
		List<Images.Rendition> renditions = image.renditions()
			.stream()
			.map(CurrentImage.Answer::metadata)
			.map((r) -> new Images.Rendition(r.width(), r.height(), r.byteSize(), r.sha256()))
			.toList();
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noCache())
			.body(ImageMetadataResponse.of(this.properties.publicBaseUrl(), key, image.image().metadata(), renditions));
	}

	/**
	 * The state that answers a query (the image or the rendition {@code ?w=} selects):
	 * the one in memory, read again when the query's {@code v} is not known to it (a
	 * newer version not announced yet must never get older bytes).
	 */
	private CurrentImage state(ImageKey key, ImageQuery query) {
		CurrentImage image = this.current.find(key);
		if (!image.knows(query)) {
			image = this.current.readFor(key, image, query);
		}
		return image;
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
		requireWebp(key, width, WebpSignature.matches(bytes));
	}

	private static void requireWebp(ImageKey key, Integer width, boolean webp) {
		if (!webp) {
			log.error(
					"Refused to serve {}{}: the stored bytes are not a WebP file (no RIFF....WEBP signature); "
							+ "the row was corrupted or tampered with",
					key.path(), (width != null) ? "?w=" + width : "");
			throw new UnservableImage();
		}
	}

	private static boolean isMatchedBy(CurrentImage.Answer answer, String ifNoneMatch) {
		return ifNoneMatch.equals(answer.etag()) || answer.metadata().isMatchedBy(ifNoneMatch);
	}

	private static void writeNotModified(HttpServletResponse response, CurrentImage.Answer answer,
			String cacheControl) {
		response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
		writeValidators(response, answer, cacheControl);
	}

	private static void writeOk(HttpServletResponse response, CurrentImage.Answer answer, String cacheControl,
			byte[] bytes) throws IOException {
		response.setStatus(HttpServletResponse.SC_OK);
		writeValidators(response, answer, cacheControl);
		response.setContentType(WEBP);
		response.setHeader(HttpHeaders.LAST_MODIFIED, answer.lastModified());
		response.setContentLength(bytes.length);
		response.getOutputStream().write(bytes);
	}

	private static void writeValidators(HttpServletResponse response, CurrentImage.Answer answer, String cacheControl) {
		response.setHeader(HttpHeaders.ETAG, answer.etag());
		response.setHeader(HttpHeaders.CACHE_CONTROL, cacheControl);
		response.setHeader("Cross-Origin-Resource-Policy", EMBEDDABLE_ANYWHERE);
	}

	private static ResponseEntity<byte[]> notModified(CurrentImage.Answer answer, String cacheControl) {
		return withValidators(ResponseEntity.status(HttpStatus.NOT_MODIFIED), answer, cacheControl).build();
	}

	private static ResponseEntity.BodyBuilder ok(CurrentImage.Answer answer, String cacheControl) {
		return withValidators(ResponseEntity.ok(), answer, cacheControl).header(HttpHeaders.CONTENT_TYPE, WEBP)
			.header(HttpHeaders.LAST_MODIFIED, answer.lastModified())
			.contentLength(answer.metadata().byteSize());
	}

	private static ResponseEntity.BodyBuilder withValidators(ResponseEntity.BodyBuilder builder,
			CurrentImage.Answer answer, String cacheControl) {
		return builder.header(HttpHeaders.ETAG, answer.etag())
			.header(HttpHeaders.CACHE_CONTROL, cacheControl)
			.header("Cross-Origin-Resource-Policy", EMBEDDABLE_ANYWHERE);
	}

}
