package io.imagepipe.worker.compress;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The chunks of a WebP file's RIFF container, read as the WebP container specification
 * lays them out: {@code RIFF <size> WEBP}, then chunks of a four-character code, a
 * little-endian size and the data padded to an even length.
 */
final class WebPChunks {

	/** The VP8X flags of an ICC profile, EXIF, XMP and animation. */
	static final int METADATA_OR_ANIMATION_FLAGS = 0x20 | 0x08 | 0x04 | 0x02;

	private WebPChunks() {
	}

	/**
	 * The chunk codes, in order.
	 * @param webp the file
	 * @return such as {@code [VP8X, ALPH, VP8 ]}
	 * @throws IllegalArgumentException when the file is not a well-formed RIFF WebP
	 */
	static List<String> of(byte[] webp) {
		ByteBuffer buffer = ByteBuffer.wrap(webp).order(ByteOrder.LITTLE_ENDIAN);
		if (!"RIFF".equals(code(webp, 0)) || !"WEBP".equals(code(webp, 8))) {
			throw new IllegalArgumentException("not a RIFF WebP file");
		}
		if (buffer.getInt(4) + 8 != webp.length) {
			throw new IllegalArgumentException("RIFF size " + buffer.getInt(4) + " for " + webp.length + " bytes");
		}
		List<String> chunks = new ArrayList<>();
		int offset = 12;
		while (offset + 8 <= webp.length) {
			chunks.add(code(webp, offset));
			int size = buffer.getInt(offset + 4);
			offset += 8 + size + (size & 1);
		}
		if (offset != webp.length) {
			throw new IllegalArgumentException("chunks end at " + offset + " of " + webp.length + " bytes");
		}
		return chunks;
	}

	/**
	 * The flags byte of the VP8X chunk, 0 when the file has none.
	 */
	static int extendedFlags(byte[] webp) {
		return "VP8X".equals(code(webp, 12)) ? webp[20] & 0xff : 0;
	}

	private static String code(byte[] bytes, int offset) {
		return new String(bytes, offset, 4, StandardCharsets.US_ASCII);
	}

}
