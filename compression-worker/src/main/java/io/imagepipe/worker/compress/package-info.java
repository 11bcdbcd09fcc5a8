/**
 * The image pipeline: decode (subsampled where the source is much larger than the
 * target), apply the EXIF orientation, convert to sRGB, resize to the slot's preset, and
 * encode WebP at the highest quality that fits the byte budget. No metadata survives.
 */
package io.imagepipe.worker.compress;
