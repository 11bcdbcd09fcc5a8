package io.imagepipe.worker.compress;

import java.util.List;

/**
 * A WebP ready to serve, with its smaller renditions.
 *
 * @param bytes the WebP file
 * @param width its width
 * @param height its height
 * @param sha256 the lower-case hex SHA-256 of {@code bytes}
 * @param quality the WebP quality it was encoded with; 1 for lossless
 * @param encodeMillis the time taken by decoding, resizing and encoding, renditions
 * included
 * @param placeholderColor the average colour of the visible pixels as {@code #rrggbb},
 * for pages to show while the image loads; {@code null} when nothing is visible
 * @param renditions the smaller copies, narrowest first
 */
public record CompressedImage(byte[] bytes, int width, int height, String sha256, float quality, long encodeMillis,
		String placeholderColor, List<Rendition> renditions) {
}
