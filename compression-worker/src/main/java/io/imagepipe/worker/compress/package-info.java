/**
 * The image pipeline: decode through the {@link io.imagepipe.worker.compress.Decoder}
 * (JPEGs scaled by libjpeg-turbo's DCT to just over the slot's size, other sources with
 * ImageIO, subsampled where much larger than the target), apply the EXIF orientation,
 * convert to sRGB, resize to the slot's preset, and encode WebP at the highest quality
 * that fits the byte budget. No metadata survives.
 */
package io.imagepipe.worker.compress;
