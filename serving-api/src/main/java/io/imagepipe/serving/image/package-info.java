/**
 * Serving images: the bytes the worker wrote, with the stored hash as ETag, 304 answers
 * that never read the bytes, immutable caching for the current {@code ?v=} and a metadata
 * endpoint with the stable and versioned URLs.
 */
package io.imagepipe.serving.image;
