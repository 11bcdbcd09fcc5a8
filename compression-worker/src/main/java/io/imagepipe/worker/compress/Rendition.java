package io.imagepipe.worker.compress;

/**
 * A smaller copy of an image, made in the same job and served for {@code ?w=}.
 *
 * @param bytes the WebP file
 * @param width its width, one of the slot's rendition widths
 * @param height its height, keeping the image's aspect ratio
 * @param sha256 the lower-case hex SHA-256 of {@code bytes}, its ETag
 * @param quality the WebP quality it was encoded with; 1 for lossless
 */
public record Rendition(byte[] bytes, int width, int height, String sha256, float quality) {
}
