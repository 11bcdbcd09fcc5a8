package io.imagepipe.serving.image;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What serving-api keeps in memory of an image: the metadata of its current bytes and of
 * each rendition, whether each opens with the WebP signature, and the header values of
 * their answers, formatted once; never the bytes themselves (those are kept by hash in
 * {@link HotImages}).
 *
 * @param changeSeq the number of the change that wrote this state ({@code change_seq})
 * @param image the image's own bytes
 * @param renditions the renditions, narrowest first
 * @param notCurrent versioned queries ({@code v}, with {@code w} when there is one) that
 * were read from the database at this same change and proved not to name the bytes they
 * select: old versions, answered from memory from then on; at most
 * {@value #NOT_CURRENT_KEPT}
 */
record CurrentImage(long changeSeq, Answer image, List<Answer> renditions, Set<String> notCurrent) {

	static final int NOT_CURRENT_KEPT = 8;

	/**
	 * The answer for a display width: the narrowest rendition at least {@code width} wide
	 * and narrower than the image, else the image itself.
	 * @param width the width asked for, {@code null} for the image
	 * @return the answer
	 */
	Answer select(Integer width) {
		if (width != null) {
			for (Answer rendition : this.renditions) {
				if (rendition.metadata().width() >= width
						&& rendition.metadata().width() < this.image.metadata().width()) {
					return rendition;
				}
			}
		}
		return this.image;
	}

	/**
	 * Tell whether a query's {@code v} is known: the version of the bytes it selects, or
	 * one proved not to be.
	 * @param query the query
	 * @return whether the answer can come from this entry
	 */
	boolean knows(ImageQuery query) {
		return query.v() == null || select(query.width()).metadata().isCurrentVersion(query.v())
				|| this.notCurrent.contains(notCurrentKey(query));
	}

	/**
	 * This entry, also knowing that a query's {@code v} does not name the bytes it
	 * selects.
	 * @param query the query, read from the database at this entry's change
	 * @return the entry to keep
	 */
	CurrentImage knowingNotCurrent(ImageQuery query) {
		String added = notCurrentKey(query);
		if (this.notCurrent.contains(added)) {
			return this;
		}
		Set<String> kept = Stream.concat(this.notCurrent.stream().limit(NOT_CURRENT_KEPT - 1), Stream.of(added))
			.collect(java.util.stream.Collectors.toUnmodifiableSet());
		return new CurrentImage(this.changeSeq, this.image, this.renditions, kept);
	}

	private static String notCurrentKey(ImageQuery query) {
		return query.v() + ((query.width() != null) ? "&w=" + query.width() : "");
	}

	/**
	 * The bytes of the image or of one rendition, described, with the values of their
	 * headers formatted once.
	 *
	 * @param metadata what is known about the bytes
	 * @param webp whether the stored bytes open with the WebP signature
	 * @param etag the {@code ETag} header value
	 * @param lastModified the {@code Last-Modified} header value
	 */
	record Answer(ImageMetadata metadata, boolean webp, String etag, String lastModified) {

		private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter
			.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
			.withZone(ZoneOffset.UTC);

		static Answer of(ImageMetadata metadata, byte[] signature) {
			return new Answer(metadata, WebpSignature.matches(signature), metadata.etag().formattedTag(),
					HTTP_DATE.format(metadata.updatedAt()));
		}

	}

}
