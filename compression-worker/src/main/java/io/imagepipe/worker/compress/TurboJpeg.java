package io.imagepipe.worker.compress;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/**
 * libjpeg-turbo's TurboJPEG C API (the 2.x functions that {@code libturbojpeg.so.0}
 * exports, Debian's {@code libturbojpeg0}), bound with JNA. It reads a JPEG's header and
 * decodes its pixels at one of libjpeg's DCT scales (of those it lists, 1/8, 1/4, 3/8,
 * 1/2 and 1: see {@link Scale#isFaithful()}), so that only the scaled picture is ever
 * produced.
 */
final class TurboJpeg {

	/** JPEG colour spaces ({@code TJCS}). */
	static final int CS_RGB = 0;

	static final int CS_YCBCR = 1;

	static final int CS_GRAY = 2;

	static final int CS_CMYK = 3;

	static final int CS_YCCK = 4;

	/** {@code TJPF_BGRX} and {@code TJPF_XRGB}: 4 bytes a pixel, the filler unused. */
	private static final int PF_BGRX = 3;

	private static final int PF_XRGB = 5;

	/** {@code TJFLAG_LIMITSCANS}: refuse a progressive JPEG of more than 500 scans. */
	private static final int FLAG_LIMITSCANS = 32768;

	/** {@code TJERR_WARNING}: the decode finished but the data was damaged. */
	private static final int ERR_WARNING = 0;

	private final Api api;

	private final List<Scale> scales;

	private TurboJpeg(Api api, List<Scale> scales) {
		this.api = api;
		this.scales = scales;
	}

	/**
	 * Load the native library.
	 * @param library the name JNA looks up ({@code turbojpeg} finds
	 * {@code libturbojpeg.so.0}) or a file's path
	 * @return the binding
	 * @throws LinkageError when the library or one of its functions is missing
	 */
	static TurboJpeg load(String library) {
		Api api = Native.load(library, Api.class);
		IntByReference count = new IntByReference();
		Pointer factors = api.tjGetScalingFactors(count);
		if (factors == null || count.getValue() <= 0) {
			throw new UnsatisfiedLinkError(library + " lists no scaling factors");
		}
		List<Scale> scales = new ArrayList<>();
		for (int i = 0; i < count.getValue(); i++) {
			Scale scale = new Scale(factors.getInt(i * 8L), factors.getInt(i * 8L + 4));
			if (scale.value() <= 1 && scale.isFaithful()) {
				scales.add(scale);
			}
		}
		scales.sort(Comparator.comparingDouble(Scale::value));
		return new TurboJpeg(api, List.copyOf(scales));
	}

	/**
	 * The scales that keep at least {@code minimum} of the picture's size, smallest
	 * first; the full size when none is smaller.
	 */
	List<Scale> scalesFrom(double minimum) {
		List<Scale> covering = this.scales.stream().filter((scale) -> scale.value() >= minimum - 1e-9).toList();
		return covering.isEmpty() ? List.of(this.scales.get(this.scales.size() - 1)) : covering;
	}

	/**
	 * Open a JPEG: copy it to native memory and read its header.
	 * @param jpeg the file's bytes
	 * @return the open file, to be closed
	 * @throws TurboJpegException when the header cannot be read
	 */
	Decompression open(byte[] jpeg) {
		Pointer handle = this.api.tjInitDecompress();
		if (handle == null) {
			throw new OutOfMemoryError("TurboJPEG could not create a decompressor");
		}
		Memory buffer = new Memory(jpeg.length);
		buffer.write(0, jpeg, 0, jpeg.length);
		Decompression decompression = new Decompression(handle, buffer);
		try {
			decompression.readHeader();
			return decompression;
		}
		catch (RuntimeException ex) {
			decompression.close();
			throw ex;
		}
	}

	/**
	 * One of the scales libjpeg decodes at.
	 *
	 * @param num the numerator
	 * @param denom the denominator
	 */
	record Scale(int num, int denom) {

		double value() {
			return (double) this.num / this.denom;
		}

		/**
		 * Whether the worker decodes at this scale: 1, 1/2, 1/4 and 1/8 (libjpeg-turbo's
		 * SIMD scaled IDCTs, the scales of libvips' shrink-on-load) and 3/8. The other
		 * scales libjpeg-turbo lists keep less of a photo than the corpus tests' SSIM
		 * floor asks after the final resize: the 1800 × 1200 photos decoded at 3/4 fell
		 * to SSIM 0.946 (0.961 at full size), and at 7/8 an orientation-6 photo to 0.895.
		 * 3/8 keeps a 9–16 MP photo within the margin of a 1024 px box at SSIM 0.96.
		 */
		boolean isFaithful() {
			return this.num == this.denom || (this.num == 1 && Integer.bitCount(this.denom) == 1 && this.denom <= 8)
					|| (this.num == 3 && this.denom == 8);
		}

		/** A side at this scale, rounded up as {@code TJSCALED} does. */
		int apply(int size) {
			return (int) (((long) size * this.num + this.denom - 1) / this.denom);
		}

	}

	/**
	 * A JPEG in native memory with a decompressor; its header has been read.
	 */
	final class Decompression implements AutoCloseable {

		private final Pointer handle;

		private final Memory jpeg;

		private int width;

		private int height;

		private int colorspace;

		private Decompression(Pointer handle, Memory jpeg) {
			this.handle = handle;
			this.jpeg = jpeg;
		}

		private void readHeader() {
			IntByReference width = new IntByReference();
			IntByReference height = new IntByReference();
			IntByReference subsampling = new IntByReference();
			IntByReference colorspace = new IntByReference();
			int status = TurboJpeg.this.api.tjDecompressHeader3(this.handle, this.jpeg,
					new NativeLong(this.jpeg.size()), width, height, subsampling, colorspace);
			if (status != 0) {
				throw new TurboJpegException(error());
			}
			this.width = width.getValue();
			this.height = height.getValue();
			this.colorspace = colorspace.getValue();
		}

		int width() {
			return this.width;
		}

		int height() {
			return this.height;
		}

		/** The JPEG's colour space, one of the {@code CS_} constants. */
		int colorspace() {
			return this.colorspace;
		}

		/**
		 * Decode the pixels at a scale into an array, as {@code 0x??RRGGBB} ints (the top
		 * byte unused), row after row.
		 * @param scale the scale
		 * @param pixels the array, {@code scale.apply(width) * scale.apply(height)} long
		 * @return libjpeg's warning when it finished but found the data damaged, or
		 * {@code null}
		 * @throws TurboJpegException when the data cannot be decoded
		 */
		String decode(Scale scale, int[] pixels) {
			int scaledWidth = scale.apply(this.width);
			int scaledHeight = scale.apply(this.height);
			if ((long) scaledWidth * scaledHeight != pixels.length) {
				throw new IllegalArgumentException("The array does not hold " + scaledWidth + " × " + scaledHeight);
			}
			int format = (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) ? PF_BGRX : PF_XRGB;
			try (Memory target = new Memory(4L * pixels.length)) {
				int status = TurboJpeg.this.api.tjDecompress2(this.handle, this.jpeg, new NativeLong(this.jpeg.size()),
						target, scaledWidth, scaledWidth * 4, scaledHeight, format, FLAG_LIMITSCANS);
				String warning = null;
				if (status != 0) {
					if (TurboJpeg.this.api.tjGetErrorCode(this.handle) != ERR_WARNING) {
						throw new TurboJpegException(error());
					}
					warning = error();
				}
				target.read(0, pixels, 0, pixels.length);
				return warning;
			}
		}

		private String error() {
			String message = TurboJpeg.this.api.tjGetErrorStr2(this.handle);
			return (message != null) ? message : "unknown TurboJPEG error";
		}

		@Override
		public void close() {
			TurboJpeg.this.api.tjDestroy(this.handle);
			this.jpeg.close();
		}

	}

	/**
	 * TurboJPEG reported an error.
	 */
	static final class TurboJpegException extends RuntimeException {

		TurboJpegException(String message) {
			super(message);
		}

	}

	/**
	 * The functions used, as {@code turbojpeg.h} declares them.
	 */
	interface Api extends Library {

		Pointer tjInitDecompress();

		int tjDecompressHeader3(Pointer handle, Pointer jpegBuf, NativeLong jpegSize, IntByReference width,
				IntByReference height, IntByReference jpegSubsamp, IntByReference jpegColorspace);

		Pointer tjGetScalingFactors(IntByReference numScalingFactors);

		int tjDecompress2(Pointer handle, Pointer jpegBuf, NativeLong jpegSize, Pointer dstBuf, int width, int pitch,
				int height, int pixelFormat, int flags);

		int tjDestroy(Pointer handle);

		String tjGetErrorStr2(Pointer handle);

		int tjGetErrorCode(Pointer handle);

	}

}
