package io.imagepipe.serving.image;

import java.util.regex.Pattern;

import io.imagepipe.contract.VersionedUrls;

/**
 * What the query of an image URL asks for, and whether it is written in one of the
 * canonical forms that caches may keep.
 * <p>
 * The canonical forms are the ones serving-api and ingest-api publish: no query (the
 * stable URL), {@code v=<token>} (an image's versioned URL), {@code v=<token>&w=<width>}
 * (a rendition's versioned URL) and {@code w=<width>} (a rendition's stable URL), with a
 * token of {@value VersionedUrls#TOKEN_LENGTH} lower-case hex characters, a width written
 * without a sign or leading zero, the parameters in that order and nothing else: no other
 * parameter, no repeated one, no percent-encoding. Any other spelling is still answered,
 * from {@code v} and {@code w} as Spring decodes them, but never with an answer that a
 * cache keeps (see {@link ImageResponses}), so that random parameters cannot fill a
 * cache.
 *
 * @param v the version asked for, {@code null} for none
 * @param width the display width asked for, {@code null} for none
 * @param canonical whether the raw query is in a canonical form
 */
record ImageQuery(String v, Integer width, boolean canonical) {

	private static final Pattern CANONICAL = Pattern
		.compile("(?:v=[0-9a-f]{" + VersionedUrls.TOKEN_LENGTH + "}(?:&w=[1-9][0-9]{0,4})?|w=[1-9][0-9]{0,4})?");

	/**
	 * Read a request's query.
	 * @param v the {@code v} parameter as decoded, possibly {@code null}
	 * @param w the {@code w} parameter as decoded, possibly {@code null}
	 * @param rawQuery the query as sent, without the {@code ?}, or {@code null} when
	 * there is none
	 * @return what it asks for
	 * @throws org.springframework.web.ErrorResponseException a 400 problem when {@code w}
	 * is not a width (see {@link RenditionWidth})
	 */
	static ImageQuery of(String v, String w, String rawQuery) {
		return new ImageQuery(v, RenditionWidth.parse(w), rawQuery == null || CANONICAL.matcher(rawQuery).matches());
	}

}
