package io.imagepipe.contract;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Walks the structure of a JPEG, PNG, GIF or WebP file, without decoding any pixel, and
 * refuses files whose structure implies decode work out of proportion to what they show:
 * a JPEG of many scans, each a full pass of the decoder over the picture; a PNG of
 * countless chunks, metadata that inflates to megabytes, or a header that declares more
 * pixels than its data can hold; a GIF of countless huge frames. The walk reads each byte
 * at most once and inflates at most {@link #MAX_PNG_METADATA_INFLATED} bytes, so it is
 * itself bounded by the file's size.
 *
 * <p>
 * It also finds where the image ends (JPEG EOI, PNG IEND, GIF trailer, the RIFF length of
 * a WebP), so that what follows can be dropped. ingest-api, compression-worker and the
 * ops previews all check the same way.
 *
 * <p>
 * A file the walk cannot follow (truncated, or not one of these formats) is not refused
 * here: the decoders report it. The limits are documented in docs/security.md:
 * <ul>
 * <li>JPEG: at most {@value #MAX_JPEG_SCANS} scans (ordinary progressive files have about
 * 10, optimising encoders up to about 20; each scan costs a pass over every block) and
 * {@value #MAX_JPEG_MARKERS} markers in all;</li>
 * <li>PNG: at most {@value #MAX_PNG_CHUNKS} chunks, {@value #MAX_PNG_METADATA_INFLATED}
 * bytes of inflated metadata ({@code zTXt}, {@code iTXt}, {@code iCCP}), a declared pixel
 * size at most {@value #MAX_DEFLATE_RATIO} times its compressed data (deflate cannot
 * expand more than about 1,032 times), and at most {@code maxFrames} APNG frames;</li>
 * <li>GIF: at most {@code maxFrames} frames, no frame larger than {@code maxPixels}, all
 * frames together at most {@value #FRAME_PIXELS_FACTOR} × {@code maxPixels}, and each
 * frame's pixels at most {@value #MAX_LZW_RATIO} times its LZW data (the most LZW with
 * 12-bit codes can expand);</li>
 * <li>WebP: at most {@code maxFrames} frames.</li>
 * </ul>
 */
public final class ImageStructure {

	/** The most scans (SOS markers) of a JPEG. */
	public static final int MAX_JPEG_SCANS = 100;

	/** The most markers of a JPEG, scans included. */
	public static final int MAX_JPEG_MARKERS = 1000;

	/** The most chunks of a PNG. */
	public static final int MAX_PNG_CHUNKS = 20_000;

	/** The most bytes that a PNG's compressed metadata chunks may inflate to. */
	public static final int MAX_PNG_METADATA_INFLATED = 16 * 1024 * 1024;

	/** The largest ratio of a PNG's declared pixel bytes to its compressed image data. */
	public static final int MAX_DEFLATE_RATIO = 1100;

	/** The largest ratio of a GIF frame's pixels to its LZW data bytes. */
	public static final int MAX_LZW_RATIO = 4096;

	/** All frames of a GIF together may have this many times the pixel limit. */
	public static final int FRAME_PIXELS_FACTOR = 10;

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	private static final byte[] PNG_SIGNATURE = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };

	private final long maxPixels;

	private final int maxFrames;

	/**
	 * Limits for images of at most {@code maxPixels} pixels and {@code maxFrames} frames.
	 * @param maxPixels the pixel limit of the service
	 * @param maxFrames the frame limit of the service
	 */
	public ImageStructure(long maxPixels, int maxFrames) {
		this.maxPixels = maxPixels;
		this.maxFrames = maxFrames;
	}

	/**
	 * Walk a file's structure.
	 * @param bytes the whole file
	 * @return what the walk found
	 * @throws TooMuchWork when the structure implies unbounded decode work
	 */
	public Walk check(byte[] bytes) {
		if (startsWith(bytes, 0, (byte) 0xFF, (byte) 0xD8, (byte) 0xFF)) {
			return jpeg(bytes);
		}
		if (startsWith(bytes, 0, PNG_SIGNATURE)) {
			return png(bytes);
		}
		if (startsWith(bytes, 0, ascii("GIF87a")) || startsWith(bytes, 0, ascii("GIF89a"))) {
			return gif(bytes);
		}
		if (startsWith(bytes, 0, ascii("RIFF")) && startsWith(bytes, 8, ascii("WEBP"))) {
			return webp(bytes);
		}
		return Walk.unknown(bytes.length);
	}

	private Walk jpeg(byte[] b) {
		int scans = 0;
		int markers = 0;
		int pos = 2;
		while (pos + 1 < b.length) {
			if ((b[pos] & 0xFF) != 0xFF) {
				// stray bytes between segments: decoders skip to the next marker, so does
				// the walk
				pos++;
				continue;
			}
			int marker = b[pos + 1] & 0xFF;
			if (marker == 0xFF) {
				pos++;
				continue;
			}
			pos += 2;
			markers++;
			if (markers > MAX_JPEG_MARKERS) {
				throw new TooMuchWork("The JPEG has more than " + MAX_JPEG_MARKERS + " markers.");
			}
			if (marker == 0xD9) {
				return new Walk("jpeg", pos, true, scans);
			}
			if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0xD8) {
				continue;
			}
			if (pos + 1 >= b.length) {
				break;
			}
			int length = u16(b, pos);
			if (length < 2) {
				return Walk.truncated("jpeg", b.length, scans);
			}
			pos += length;
			if (marker == 0xDA) {
				scans++;
				if (scans > MAX_JPEG_SCANS) {
					throw new TooMuchWork("The JPEG has more than " + MAX_JPEG_SCANS
							+ " scans; each costs a full decoding pass, and ordinary photos have about 10.");
				}
				pos = endOfEntropyData(b, pos);
			}
		}
		return Walk.truncated("jpeg", b.length, scans);
	}

	/**
	 * The position of the first marker after entropy-coded data: a 0xFF followed by
	 * neither a stuffed 0x00 nor a restart marker. Eight bytes at a time where none is
	 * 0xFF, which is most of a photo's entropy-coded data: the walk runs on every upload
	 * in ingest-api and again in the worker, and byte by byte it was the largest single
	 * cost of accepting a 2.5 MB photo.
	 */
	private static int endOfEntropyData(byte[] b, int pos) {
		while (pos + 1 < b.length) {
			while (pos + Long.BYTES <= b.length && !hasFFByte((long) LONGS.get(b, pos))) {
				pos += Long.BYTES;
			}
			if (pos + 1 >= b.length) {
				break;
			}
			if ((b[pos] & 0xFF) == 0xFF) {
				int next = b[pos + 1] & 0xFF;
				if (next != 0x00 && next != 0xFF && (next < 0xD0 || next > 0xD7)) {
					return pos;
				}
				pos += (next == 0xFF) ? 1 : 2;
			}
			else {
				pos++;
			}
		}
		return b.length;
	}

	/**
	 * Whether any byte of a word is 0xFF: whether the complement has a zero byte, by the
	 * classic test (Hacker's Delight, 6-1), which is exact for the word as a whole.
	 */
	private static boolean hasFFByte(long word) {
		long complement = ~word;
		return ((complement - 0x0101010101010101L) & ~complement & 0x8080808080808080L) != 0;
	}

	private Walk png(byte[] b) {
		int pos = PNG_SIGNATURE.length;
		int chunks = 0;
		long width = 0;
		long height = 0;
		long bitsPerPixel = 0;
		long imageData = 0;
		long inflated = 0;
		int frames = 0;
		boolean sawIdat = false;
		while (pos + 8 <= b.length) {
			long length = u32(b, pos);
			String type = new String(b, pos + 4, 4, StandardCharsets.ISO_8859_1);
			int data = pos + 8;
			if (data + length + 4 > b.length) {
				return Walk.truncated("png", b.length, frames);
			}
			int size = (int) length;
			chunks++;
			if (chunks > MAX_PNG_CHUNKS) {
				throw new TooMuchWork("The PNG has more than " + MAX_PNG_CHUNKS + " chunks.");
			}
			switch (type) {
				case "IHDR" -> {
					if (size >= 13) {
						width = u32(b, data);
						height = u32(b, data + 4);
						bitsPerPixel = (long) (b[data + 8] & 0xFF) * channels(b[data + 9] & 0xFF);
					}
				}
				case "IDAT" -> {
					imageData += size;
					sawIdat = true;
				}
				case "fdAT" -> imageData += size;
				case "fcTL" -> frames++;
				case "acTL" -> {
					if (size >= 4 && u32(b, data) > this.maxFrames) {
						throw new TooMuchWork("The animated PNG declares " + u32(b, data) + " frames; at most "
								+ this.maxFrames + " are accepted.");
					}
				}
				case "zTXt", "iCCP" -> inflated += inflatedSize(b, afterName(b, data, data + size) + 1, data + size,
						MAX_PNG_METADATA_INFLATED - inflated);
				case "iTXt" -> {
					int end = data + size;
					int flag = afterName(b, data, end);
					if (flag + 1 < end && b[flag] == 1) {
						int text = afterName(b, afterName(b, flag + 2, end), end);
						inflated += inflatedSize(b, text, end, MAX_PNG_METADATA_INFLATED - inflated);
					}
				}
				case "IEND" -> {
					checkPng(width, height, bitsPerPixel, imageData, frames, sawIdat);
					return new Walk("png", data + size + 4, true, Math.max(1, frames));
				}
				default -> {
				}
			}
			if (inflated > MAX_PNG_METADATA_INFLATED) {
				throw new TooMuchWork("The PNG's compressed metadata inflates to more than "
						+ MAX_PNG_METADATA_INFLATED / (1024 * 1024) + " MB.");
			}
			pos = data + size + 4;
		}
		return Walk.truncated("png", b.length, frames);
	}

	private void checkPng(long width, long height, long bitsPerPixel, long imageData, int frames, boolean sawIdat) {
		checkFrames(frames);
		if (!sawIdat || bitsPerPixel == 0) {
			return;
		}
		long declared = height * (1 + Math.ceilDiv(width * bitsPerPixel, 8));
		if (declared > (imageData + 1) * MAX_DEFLATE_RATIO) {
			throw new TooMuchWork("The PNG declares " + width + " × " + height
					+ " pixels, more than its compressed data can hold: its decoding would work on nothing.");
		}
	}

	private static int channels(int colorType) {
		return switch (colorType) {
			case 2 -> 3;
			case 4 -> 2;
			case 6 -> 4;
			default -> 1;
		};
	}

	/**
	 * The position after a NUL-terminated name that starts at {@code from}, at most
	 * {@code end}.
	 */
	private static int afterName(byte[] b, int from, int end) {
		for (int i = from; i < Math.min(end, b.length); i++) {
			if (b[i] == 0) {
				return i + 1;
			}
		}
		return end;
	}

	/**
	 * How many bytes a zlib stream inflates to, counting no further than just past
	 * {@code budget}.
	 */
	private static long inflatedSize(byte[] b, int from, int to, long budget) {
		if (from >= to) {
			return 0;
		}
		Inflater inflater = new Inflater();
		try {
			inflater.setInput(b, from, to - from);
			byte[] sink = new byte[64 * 1024];
			long total = 0;
			while (!inflater.finished() && total <= budget) {
				int n = inflater.inflate(sink);
				if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
					break;
				}
				total += n;
			}
			return total;
		}
		catch (DataFormatException ex) {
			return 0;
		}
		finally {
			inflater.end();
		}
	}

	private Walk gif(byte[] b) {
		if (b.length < 13) {
			return Walk.truncated("gif", b.length, 0);
		}
		int pos = 13;
		if ((b[10] & 0x80) != 0) {
			pos += 3 * (1 << ((b[10] & 0x07) + 1));
		}
		int frames = 0;
		long framePixels = 0;
		while (pos < b.length) {
			int block = b[pos] & 0xFF;
			if (block == 0x3B) {
				checkFrames(frames);
				return new Walk("gif", pos + 1, true, Math.max(1, frames));
			}
			if (block == 0x21) {
				pos = skipSubBlocks(b, pos + 2);
			}
			else if (block == 0x2C) {
				if (pos + 10 > b.length) {
					break;
				}
				int frameWidth = u16le(b, pos + 5);
				int frameHeight = u16le(b, pos + 7);
				long area = (long) frameWidth * frameHeight;
				int flags = b[pos + 9] & 0xFF;
				pos += 10;
				if ((flags & 0x80) != 0) {
					pos += 3 * (1 << ((flags & 0x07) + 1));
				}
				int data = pos + 1;
				pos = skipSubBlocks(b, data);
				frames++;
				framePixels += area;
				checkGifFrame(frameWidth, frameHeight, framePixels, dataBytes(b, data, pos));
			}
			else {
				break;
			}
		}
		checkFrames(frames);
		return Walk.truncated("gif", b.length, frames);
	}

	private void checkFrames(int frames) {
		if (frames > this.maxFrames) {
			throw new TooMuchWork(
					"The animation has " + frames + " frames; at most " + this.maxFrames + " are processed.");
		}
	}

	private void checkGifFrame(int width, int height, long framePixels, long lzwBytes) {
		long area = (long) width * height;
		if (area > this.maxPixels) {
			throw new TooMuchWork("A frame of the GIF is " + width + " × " + height + " pixels; at most "
					+ this.maxPixels + " pixels are processed.");
		}
		if (framePixels > FRAME_PIXELS_FACTOR * this.maxPixels) {
			throw new TooMuchWork(
					"The GIF's frames have more than " + FRAME_PIXELS_FACTOR * this.maxPixels + " pixels together.");
		}
		if (area > (lzwBytes + 1) * MAX_LZW_RATIO) {
			throw new TooMuchWork("A frame of the GIF declares " + width + " × " + height
					+ " pixels, more than its compressed data can hold: its decoding would work on nothing.");
		}
	}

	/** The position after a chain of GIF sub-blocks that starts at {@code pos}. */
	private static int skipSubBlocks(byte[] b, int pos) {
		while (pos < b.length) {
			int size = b[pos] & 0xFF;
			pos += 1 + size;
			if (size == 0) {
				return pos;
			}
		}
		return b.length + 1;
	}

	/** The data bytes of the sub-blocks between {@code from} and {@code to}. */
	private static long dataBytes(byte[] b, int from, int to) {
		long bytes = 0;
		int pos = from;
		while (pos < Math.min(to, b.length)) {
			int size = b[pos] & 0xFF;
			if (size == 0) {
				break;
			}
			bytes += size;
			pos += 1 + size;
		}
		return bytes;
	}

	private Walk webp(byte[] b) {
		long riff = u32le(b, 4);
		long end = 8 + riff + (riff & 1);
		if (end > b.length) {
			return Walk.truncated("webp", b.length, 1);
		}
		int frames = 0;
		long pos = 12;
		while (pos + 8 <= end) {
			String type = new String(b, (int) pos, 4, StandardCharsets.ISO_8859_1);
			long size = u32le(b, (int) pos + 4);
			if ("ANMF".equals(type)) {
				frames++;
			}
			pos += 8 + size + (size & 1);
		}
		checkFrames(frames);
		return new Walk("webp", (int) end, true, Math.max(1, frames));
	}

	private static boolean startsWith(byte[] b, int at, byte... prefix) {
		if (b.length < at + prefix.length) {
			return false;
		}
		for (int i = 0; i < prefix.length; i++) {
			if (b[at + i] != prefix[i]) {
				return false;
			}
		}
		return true;
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	private static int u16(byte[] b, int pos) {
		return ((b[pos] & 0xFF) << 8) | (b[pos + 1] & 0xFF);
	}

	private static int u16le(byte[] b, int pos) {
		return (b[pos] & 0xFF) | ((b[pos + 1] & 0xFF) << 8);
	}

	private static long u32(byte[] b, int pos) {
		return ((long) (b[pos] & 0xFF) << 24) | ((b[pos + 1] & 0xFF) << 16) | ((b[pos + 2] & 0xFF) << 8)
				| (b[pos + 3] & 0xFF);
	}

	private static long u32le(byte[] b, int pos) {
		return (b[pos] & 0xFF) | ((b[pos + 1] & 0xFF) << 8) | ((b[pos + 2] & 0xFF) << 16)
				| ((long) (b[pos + 3] & 0xFF) << 24);
	}

	/**
	 * What the walk found.
	 *
	 * @param format {@code jpeg}, {@code png}, {@code gif}, {@code webp}, or
	 * {@code unknown}
	 * @param end where the image ends: the byte after its end marker, or the file's
	 * length when the walk found no end
	 * @param complete whether the walk reached the image's end marker
	 * @param units the scans of a JPEG, the frames of the other formats
	 */
	public record Walk(String format, int end, boolean complete, int units) {

		static Walk unknown(int length) {
			return new Walk("unknown", length, false, 0);
		}

		static Walk truncated(String format, int length, int units) {
			return new Walk(format, length, false, units);
		}

		/**
		 * The bytes after the image's end marker, which are no part of it.
		 * @param length the file's length
		 * @return how many
		 */
		public int trailingBytes(int length) {
			return this.complete ? Math.max(0, length - this.end) : 0;
		}

	}

	/**
	 * A file whose structure implies more decode work than any image needs. Its message
	 * is written for the person who uploaded it and for ops staff.
	 */
	public static final class TooMuchWork extends RuntimeException {

		private static final long serialVersionUID = 1L;

		TooMuchWork(String message) {
			super(message);
		}

	}

}
