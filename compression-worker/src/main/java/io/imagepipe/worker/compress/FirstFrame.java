package io.imagepipe.worker.compress;

import java.awt.Dimension;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;

import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The first frame of a GIF as a browser shows it: placed on the logical screen, which may
 * be larger than the frame, with the rest transparent. Animation is not kept (see ADR
 * 0006). Other formats' first image is already the whole picture.
 */
final class FirstFrame {

	private static final String GIF_STREAM = "javax_imageio_gif_stream_1.0";

	private static final String GIF_IMAGE = "javax_imageio_gif_image_1.0";

	private FirstFrame() {
	}

	/**
	 * The size of the picture the first frame belongs to, from the headers only. It is
	 * what the pixel limit is checked against: a GIF may declare a huge logical screen
	 * around a tiny frame.
	 */
	static Dimension canvas(ImageReader reader, String mediaType) throws IOException {
		int width = reader.getWidth(0);
		int height = reader.getHeight(0);
		if ("image/gif".equals(mediaType)) {
			Element screen = child(reader.getStreamMetadata(), GIF_STREAM, "LogicalScreenDescriptor");
			if (screen != null) {
				width = Math.max(width, intAttribute(screen, "logicalScreenWidth"));
				height = Math.max(height, intAttribute(screen, "logicalScreenHeight"));
			}
		}
		return new Dimension(width, height);
	}

	/**
	 * Place a decoded GIF frame on its canvas when it does not cover it.
	 * @param reader the reader that decoded it
	 * @param frame the frame, subsampled by {@code step}
	 * @param canvas the canvas at full size
	 * @param step the subsampling step
	 */
	static BufferedImage onCanvas(ImageReader reader, BufferedImage frame, Dimension canvas, int step)
			throws IOException {
		int width = Math.ceilDiv(canvas.width, step);
		int height = Math.ceilDiv(canvas.height, step);
		Element descriptor = child(reader.getImageMetadata(0), GIF_IMAGE, "ImageDescriptor");
		int left = (descriptor != null) ? intAttribute(descriptor, "imageLeftPosition") / step : 0;
		int top = (descriptor != null) ? intAttribute(descriptor, "imageTopPosition") / step : 0;
		if (left == 0 && top == 0 && frame.getWidth() >= width && frame.getHeight() >= height) {
			return frame;
		}
		BufferedImage placed = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
		Graphics2D g = placed.createGraphics();
		try {
			g.drawImage(frame, left, top, null);
		}
		finally {
			g.dispose();
		}
		return placed;
	}

	private static Element child(IIOMetadata metadata, String format, String name) {
		if (metadata == null) {
			return null;
		}
		Node root = metadata.getAsTree(format);
		for (Node node = root.getFirstChild(); node != null; node = node.getNextSibling()) {
			if (name.equals(node.getNodeName()) && node instanceof Element element) {
				return element;
			}
		}
		return null;
	}

	private static int intAttribute(Element element, String name) {
		try {
			return Integer.parseInt(element.getAttribute(name));
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

}
