package io.imagepipe.ingest.upload;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Identifies an upload from its magic bytes and reads its dimensions and frame count from
 * the headers, without decoding any pixels. The identification is the ImageIO plugins'
 * own: each reader recognises its format's signature, whatever name or Content-Type the
 * client sent. The frames of a GIF or WebP animation are counted by scanning its
 * structure, by every reader that knows the format (libwebp's reader sees only one frame,
 * TwelveMonkeys' counts them all).
 */
@Component
class ImageInspector {

	static final Set<String> ACCEPTED = Set.of("image/jpeg", "image/png", "image/gif", "image/webp");

	private static final Set<String> ANIMATED = Set.of("image/gif", "image/webp");

	static {
		ImageIO.scanForPlugins();
		ImageIO.setUseCache(false);
	}

	private final int maxFrames;

	@Autowired
	ImageInspector(UploadProperties properties) {
		this(properties.maxFrames());
	}

	ImageInspector(int maxFrames) {
		this.maxFrames = maxFrames;
	}

	/**
	 * Identify an upload and read its dimensions.
	 * @param bytes the whole upload
	 * @return its media type, dimensions and frames
	 * @throws UploadRejected when it is empty, not an accepted image, has too many frames
	 * or its header cannot be read
	 */
	InspectedImage inspect(byte[] bytes) {
		if (bytes.length == 0) {
			throw UploadRejected.empty();
		}
		List<ImageReader> readers = new ArrayList<>();
		try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
			ImageIO.getImageReaders(input).forEachRemaining(readers::add);
			if (readers.isEmpty()) {
				throw UploadRejected.unsupportedMediaType(null);
			}
			String mediaType = mediaTypeOf(readers.get(0));
			if (!ACCEPTED.contains(mediaType)) {
				throw UploadRejected.unsupportedMediaType(mediaType);
			}
			boolean animated = ANIMATED.contains(mediaType);
			int frames = animated ? frames(readers, input) : 1;
			if (frames > this.maxFrames) {
				throw UploadRejected.tooManyFrames(frames, this.maxFrames);
			}
			ImageReader reader = readers.get(0);
			input.seek(0);
			reader.setInput(input, !animated, !animated);
			int width = reader.getWidth(0);
			int height = reader.getHeight(0);
			Element screen = "image/gif".equals(mediaType) ? logicalScreen(reader.getStreamMetadata()) : null;
			if (screen != null) {
				width = Math.max(width, Integer.parseInt(screen.getAttribute("logicalScreenWidth")));
				height = Math.max(height, Integer.parseInt(screen.getAttribute("logicalScreenHeight")));
			}
			return new InspectedImage(mediaType, width, height, frames);
		}
		catch (IOException | RuntimeException ex) {
			if (ex instanceof UploadRejected rejected) {
				throw rejected;
			}
			throw UploadRejected.unreadableHeader(ex);
		}
		finally {
			readers.forEach(ImageReader::dispose);
		}
	}

	/**
	 * The most frames any reader finds; a reader that cannot tell counts one.
	 */
	private static int frames(List<ImageReader> readers, ImageInputStream input) throws IOException {
		int frames = 1;
		for (ImageReader reader : readers) {
			input.seek(0);
			reader.setInput(input, false, false);
			try {
				frames = Math.max(frames, reader.getNumImages(true));
			}
			catch (IOException | RuntimeException ex) {
				// this reader cannot count them; the pixels are checked again by the
				// worker
			}
		}
		return frames;
	}

	private static Element logicalScreen(IIOMetadata metadata) {
		if (metadata == null) {
			return null;
		}
		Node root = metadata.getAsTree("javax_imageio_gif_stream_1.0");
		for (Node node = root.getFirstChild(); node != null; node = node.getNextSibling()) {
			if ("LogicalScreenDescriptor".equals(node.getNodeName()) && node instanceof Element element) {
				return element;
			}
		}
		return null;
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
	 * What the headers say.
	 *
	 * @param mediaType the sniffed media type
	 * @param width the width in pixels (of a GIF, its logical screen when larger)
	 * @param height the height in pixels
	 * @param frames the number of frames, 1 for a still image
	 */
	record InspectedImage(String mediaType, int width, int height, int frames) {

		long pixels() {
			return (long) this.width * this.height;
		}

	}

}
