package io.imagepipe.worker.compress;

/**
 * The two ways the worker decodes, each test running through both: libjpeg-turbo's scaled
 * JPEG decode (which the native library must be installed for: {@code bin/lib/common.sh}
 * installs Debian's {@code libturbojpeg0}) and the ImageIO fallback.
 */
enum DecodePath {

	LIBJPEG_TURBO(TurboJpegDecoder.PATH),

	IMAGEIO(ImageDecoder.PATH);

	private final String label;

	DecodePath(String label) {
		this.label = label;
	}

	/**
	 * The decoder of this path.
	 * @param properties the compression settings
	 * @return the decoder
	 * @throws IllegalStateException when libjpeg-turbo is asked for but not installed
	 */
	Decoder decoder(CompressionProperties properties) {
		if (this == IMAGEIO) {
			return Decoders.imageIo(properties);
		}
		Decoders.Choice choice = Decoders.choose(properties, Decoders.DEFAULT_LIBRARY);
		if (choice.fallbackReason() != null) {
			throw new IllegalStateException("The libjpeg-turbo path cannot be tested: " + choice.fallbackReason());
		}
		return choice.decoder();
	}

	ImageCompressor compressor(CompressionProperties properties) {
		return new ImageCompressor(properties, decoder(properties));
	}

	ImageCompressor compressor() {
		return compressor(CompressionProperties.defaults());
	}

	@Override
	public String toString() {
		return this.label;
	}

}
