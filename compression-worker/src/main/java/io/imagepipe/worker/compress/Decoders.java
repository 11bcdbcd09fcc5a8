package io.imagepipe.worker.compress;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the {@link Decoder}: libjpeg-turbo's scaled decode for JPEGs when the native
 * library loads, the ImageIO path for everything else and when it does not.
 */
public final class Decoders {

	/** The library JNA looks up by default: {@code libturbojpeg.so.0} on Linux. */
	public static final String DEFAULT_LIBRARY = "turbojpeg";

	private static final Logger log = LoggerFactory.getLogger(Decoders.class);

	private Decoders() {
	}

	/**
	 * The decoder with the default library, without logging: for tools and tests.
	 * @param properties the compression settings
	 * @return the decoder
	 */
	public static Decoder standard(CompressionProperties properties) {
		return choose(properties, DEFAULT_LIBRARY).decoder();
	}

	/**
	 * The ImageIO path alone.
	 * @param properties the compression settings
	 * @return the decoder
	 */
	public static Decoder imageIo(CompressionProperties properties) {
		return new ImageDecoder(properties.maxPixels(), properties.maxFrames());
	}

	/**
	 * Choose the decoder and say why.
	 * @param properties the compression settings
	 * @param library the TurboJPEG library's name or path; blank or {@code none} for the
	 * ImageIO path
	 * @return the decoder, and why the ImageIO path was chosen when it was
	 */
	public static Choice choose(CompressionProperties properties, String library) {
		Decoder imageIo = imageIo(properties);
		if (library == null || library.isBlank() || library.equals("none")) {
			return new Choice(imageIo, "libjpeg-turbo is switched off (imagepipe.compression.decoder.jpeg-library)");
		}
		try {
			TurboJpeg turbo = TurboJpeg.load(library);
			return new Choice(new TurboJpegDecoder(turbo, imageIo, properties.maxPixels()), null);
		}
		catch (LinkageError ex) {
			return new Choice(imageIo, "the native library '" + library + "' cannot be loaded (" + ex.getMessage()
					+ "); install libjpeg-turbo's TurboJPEG library (Debian: libturbojpeg0)");
		}
	}

	/**
	 * Choose the decoder and log, once, which path JPEGs take.
	 * @param properties the compression settings
	 * @param library the TurboJPEG library's name or path
	 * @return the decoder
	 */
	static Decoder chooseAndLog(CompressionProperties properties, String library) {
		Choice choice = choose(properties, library);
		if (choice.fallbackReason() == null) {
			log.info("JPEG decoding: libjpeg-turbo ({}), scaled to the slot's size", library);
		}
		else {
			log.warn("JPEG decoding: ImageIO fallback at full cost, because {}", choice.fallbackReason());
		}
		return choice.decoder();
	}

	/**
	 * The chosen decoder.
	 *
	 * @param decoder the decoder
	 * @param fallbackReason why JPEGs take the ImageIO path, or {@code null} when they
	 * take libjpeg-turbo's
	 */
	public record Choice(Decoder decoder, String fallbackReason) {
	}

}
