package io.imagepipe.worker.compress;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Picks the ImageIO reader for an upload from its magic bytes, as each plugin recognises
 * its own format, and counts its frames. Several plugins read JPEG and WebP, and ImageIO
 * lists them in no fixed order, so the choice is explicit: TwelveMonkeys for JPEG (CMYK,
 * YCCK and ICC profiles), libwebp for still WebP (exact, and it decodes scaled), and
 * TwelveMonkeys for animated WebP, which libwebp's still-image decoder refuses.
 */
final class SourceReader {

	static final String NOT_AN_IMAGE = "The file is not a JPEG, PNG, GIF or WebP image.";

	private static final Set<String> ACCEPTED = Set.of("image/jpeg", "image/png", "image/gif", "image/webp");

	private static final Set<String> ANIMATED = Set.of("image/gif", "image/webp");

	private SourceReader() {
	}

	/**
	 * Choose a reader and set its input.
	 * @param input the upload, at its start
	 * @return the reader with its media type and frame count
	 * @throws UnprocessableImage when no accepted format recognises the bytes
	 */
	static Chosen choose(ImageInputStream input) throws IOException {
		List<ImageReader> readers = new ArrayList<>();
		ImageIO.getImageReaders(input).forEachRemaining(readers::add);
		if (readers.isEmpty()) {
			throw new UnprocessableImage(NOT_AN_IMAGE);
		}
		String mediaType = mediaTypeOf(readers.get(0));
		ImageReader chosen = preferred(readers, mediaType);
		int frames = 1;
		if (ANIMATED.contains(mediaType)) {
			for (ImageReader reader : readers) {
				int count = frames(reader, input);
				if (count > frames) {
					frames = count;
					chosen = reader;
				}
			}
		}
		for (ImageReader reader : readers) {
			if (reader != chosen) {
				reader.dispose();
			}
		}
		if (!ACCEPTED.contains(mediaType)) {
			chosen.dispose();
			throw new UnprocessableImage("The file is " + mediaType + ", not a JPEG, PNG, GIF or WebP image.");
		}
		input.seek(0);
		chosen.setInput(input, false, false);
		return new Chosen(chosen, mediaType, frames);
	}

	private static ImageReader preferred(List<ImageReader> readers, String mediaType) {
		String vendor = "image/webp".equals(mediaType) ? "com.luciad." : "com.twelvemonkeys.";
		return readers.stream()
			.filter((reader) -> reader.getClass().getName().startsWith(vendor))
			.findFirst()
			.orElse(readers.get(0));
	}

	/**
	 * The frames a reader finds by scanning the file's structure, without decoding any
	 * pixels; 1 when it cannot tell.
	 */
	private static int frames(ImageReader reader, ImageInputStream input) {
		try {
			input.seek(0);
			reader.setInput(input, false, false);
			return Math.max(1, reader.getNumImages(true));
		}
		catch (IOException | RuntimeException ex) {
			return 1;
		}
	}

	static String mediaTypeOf(ImageReader reader) {
		String[] types = reader.getOriginatingProvider().getMIMETypes();
		if (types != null && types.length > 0) {
			String type = types[0].toLowerCase(Locale.ROOT);
			return type.equals("image/x-webp") ? "image/webp" : type;
		}
		try {
			return "image/" + reader.getFormatName().toLowerCase(Locale.ROOT);
		}
		catch (IOException ex) {
			return "application/octet-stream";
		}
	}

	/**
	 * A reader ready to read the upload.
	 *
	 * @param reader the reader, its input set
	 * @param mediaType the format, such as {@code image/jpeg}
	 * @param frames the number of frames, 1 for a still image
	 */
	record Chosen(ImageReader reader, String mediaType, int frames) {
	}

}
