package io.imagepipe.worker.compress;

/**
 * A WebP ready to serve.
 *
 * @param bytes the WebP file
 * @param width its width
 * @param height its height
 * @param sha256 the lower-case hex SHA-256 of {@code bytes}
 * @param quality the WebP quality it was encoded with
 * @param encodeMillis the time taken by decoding, resizing and encoding
 */
public record CompressedImage(byte[] bytes, int width, int height, String sha256, float quality, long encodeMillis) {
}
