package io.imagepipe.serving.image;

/**
 * What a {@code HEAD} or the metadata endpoint needs of an image or a rendition: its
 * metadata and only as many leading bytes as the WebP signature fills, so that they
 * refuse exactly what a {@code GET} would refuse without reading the whole file.
 *
 * @param metadata what is known about the bytes
 * @param signature the first {@value WebpSignature#LENGTH} stored bytes (fewer when the
 * stored value is shorter)
 */
record ImageHead(ImageMetadata metadata, byte[] signature) {
}
