package io.imagepipe.serving.image;

/**
 * The served bytes of an image with their metadata.
 *
 * @param metadata what is known about the bytes
 * @param bytes the compressed bytes the worker wrote
 */
record StoredImage(ImageMetadata metadata, byte[] bytes) {
}
