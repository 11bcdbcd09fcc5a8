package io.imagepipe.worker.compress;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

/**
 * One input of the corpus and what its WebP must be.
 *
 * @param name the case, as the results table shows it
 * @param source the input's bytes
 * @param width the expected output width
 * @param height the expected output height
 * @param alpha whether the input has transparency that must survive
 * @param kind what quality check applies
 * @param reference the picture the output must look like, upright, at any size
 */
record CorpusCase(String name, Supplier<byte[]> source, int width, int height, boolean alpha, Kind kind,
		Supplier<BufferedImage> reference) {

	@Override
	public String toString() {
		return this.name;
	}

	/**
	 * The quality check of a case.
	 */
	enum Kind {

		/** A photo in colour: SSIM ≥ 0.95 and colours close to the reference. */
		PHOTO,

		/** A grayscale photo: SSIM ≥ 0.95 on luma. */
		GRAY_PHOTO,

		/** A logo or drawing: SSIM ≥ 0.95. */
		GRAPHIC,

		/** One flat colour, the first frame of an animation: its colour. */
		FLAT

	}

	static byte[] shipped(String file) {
		try (InputStream in = CorpusCase.class.getResourceAsStream("/corpus/" + file)) {
			if (in == null) {
				throw new IllegalStateException("missing corpus file " + file);
			}
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static BufferedImage decodeShipped(String file) {
		try {
			return TestImages.decode(shipped(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static BufferedImage decodeCorpus(String name) {
		try {
			return TestImages.decode(TestImages.corpus(name));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
