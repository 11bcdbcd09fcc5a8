package io.imagepipe.ingest.web;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The image served now for a slot, as a page needs it to show the image without a layout
 * shift: the versioned URL, the size, a colour to paint while it loads, and the smaller
 * renditions for {@code srcset}.
 *
 * @param uploadId the upload whose bytes these are
 * @param imageUrl the versioned URL of exactly these bytes, cacheable for a year
 * @param url the stable URL, which always shows the newest bytes
 * @param version the version token, the {@code v} of {@code imageUrl}
 * @param width the width in pixels
 * @param height the height in pixels
 * @param placeholderColor the average colour, {@code #rrggbb}, or {@code null}
 * @param updatedAt when the bytes were written
 * @param renditions the smaller copies, narrowest first
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CurrentImage(@JsonIgnore UUID uploadId, URI imageUrl, URI url, String version, int width, int height,
		String placeholderColor, Instant updatedAt, List<Rendition> renditions) {

	/**
	 * A smaller copy of the image.
	 *
	 * @param url its versioned URL ({@code ?v=…&w=…}), cacheable for a year
	 * @param width its width in pixels
	 * @param height its height in pixels
	 */
	public record Rendition(URI url, int width, int height) {
	}

}
