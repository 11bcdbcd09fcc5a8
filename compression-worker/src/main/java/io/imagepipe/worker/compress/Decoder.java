package io.imagepipe.worker.compress;

import java.awt.image.BufferedImage;

import io.imagepipe.contract.DecodeDeadline;
import io.imagepipe.contract.ImageStructure;

/**
 * Turns an upload into upright sRGB pixels for a slot. The pipeline decodes through this
 * one door; which implementation stands behind it is chosen once, at startup, by
 * {@link Decoders}: libjpeg-turbo's scaled decode for JPEGs where the native library is
 * present ({@link TurboJpegDecoder}), ImageIO with TwelveMonkeys and libwebp for
 * everything else and as the fallback ({@link ImageDecoder}).
 */
public interface Decoder {

	/**
	 * Decode an image for a slot. The picture may be smaller than the source, but it
	 * always covers the size the slot's resize makes of it.
	 * @param source the upload's bytes
	 * @param preset the slot's box and fit
	 * @return the upright picture, in sRGB, with alpha where the source has it
	 * @throws UnprocessableImage when the upload can never be decoded
	 */
	default BufferedImage decode(byte[] source, SlotPreset preset) {
		return decode(source, preset, null);
	}

	/**
	 * Decode an image for a slot, failing it once the deadline passed (the ImageIO path
	 * aborts its read there; a native decode is checked when it returns). The caller has
	 * already refused a file whose structure implies unbounded work
	 * ({@link ImageStructure}, in {@link ImageCompressor}), which bounds a native decode
	 * before it starts.
	 * @param source the upload's bytes
	 * @param preset the slot's box and fit
	 * @param deadline when the decode must be done, or {@code null} for no deadline
	 * @return the upright picture, in sRGB, with alpha where the source has it
	 * @throws UnprocessableImage when the upload can never be decoded or its decode
	 * passed the deadline
	 */
	BufferedImage decode(byte[] source, SlotPreset preset, DecodeDeadline deadline);

	/**
	 * How JPEGs are decoded, for the log, the metrics and {@code /actuator/info}.
	 * @return {@code libjpeg-turbo} or {@code imageio}
	 */
	String jpegPath();

}
