package io.imagepipe.ingest.upload;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import org.springframework.stereotype.Component;

/**
 * Identifies an upload from its magic bytes and reads its dimensions from the header,
 * without decoding any pixels. The identification is the ImageIO plugins' own: each
 * reader recognises its format's signature, whatever name or Content-Type the client
 * sent.
 */
@Component
class ImageInspector {

	static final Set<String> ACCEPTED = Set.of("image/jpeg", "image/png", "image/gif", "image/webp");

	static {
		ImageIO.scanForPlugins();
		ImageIO.setUseCache(false);
	}

	/**
	 * Identify an upload and read its dimensions.
	 * @param bytes the whole upload
	 * @return its media type and dimensions
	 * @throws UploadRejected when it is empty, not an accepted image, or its header
	 * cannot be read
	 */
	InspectedImage inspect(byte[] bytes) {
		if (bytes.length == 0) {
			throw UploadRejected.empty();
		}
		try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
			Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
			if (!readers.hasNext()) {
				throw UploadRejected.unsupportedMediaType(null);
			}
			ImageReader reader = readers.next();
			try {
				String mediaType = mediaTypeOf(reader);
				if (!ACCEPTED.contains(mediaType)) {
					throw UploadRejected.unsupportedMediaType(mediaType);
				}
				reader.setInput(input, true, true);
				return new InspectedImage(mediaType, reader.getWidth(0), reader.getHeight(0));
			}
			finally {
				reader.dispose();
			}
		}
		catch (IOException | RuntimeException ex) {
			if (ex instanceof UploadRejected rejected) {
				throw rejected;
			}
			throw UploadRejected.unreadableHeader(ex);
		}
	}

	private static String mediaTypeOf(ImageReader reader) throws IOException {
		String[] types = reader.getOriginatingProvider().getMIMETypes();
		if (types != null && types.length > 0) {
			String type = types[0].toLowerCase(Locale.ROOT);
			return type.equals("image/x-webp") ? "image/webp" : type;
		}
		return "image/" + reader.getFormatName().toLowerCase(Locale.ROOT);
	}

	/**
	 * What the header says.
	 *
	 * @param mediaType the sniffed media type
	 * @param width the width in pixels
	 * @param height the height in pixels
	 */
	record InspectedImage(String mediaType, int width, int height) {

		long pixels() {
			return (long) this.width * this.height;
		}

	}

}
