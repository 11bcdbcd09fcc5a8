package io.imagepipe.e2e;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import javax.imageio.ImageIO;

/**
 * Photos for the fault tests: the real corpus, and one large generated photo that takes
 * the worker long enough to be interrupted mid-job.
 */
final class Photos {

	private static byte[] large;

	private Photos() {
	}

	static byte[] landscape(int i) {
		return Corpus.photo("Landscape_" + (i % 9));
	}

	static byte[] portrait(int i) {
		return Corpus.photo("Portrait_" + (i % 9));
	}

	/**
	 * A 7360 × 4912 (36 MP) JPEG.
	 */
	static synchronized byte[] large() {
		if (large == null) {
			BufferedImage image = new BufferedImage(7360, 4912, BufferedImage.TYPE_INT_RGB);
			Graphics2D g = image.createGraphics();
			g.setPaint(new GradientPaint(0, 0, Color.ORANGE, 7360, 4912, Color.BLUE));
			g.fillRect(0, 0, 7360, 4912);
			g.setColor(Color.WHITE);
			for (int x = 0; x < 7360; x += 97) {
				g.drawLine(x, 0, 7360 - x, 4912);
			}
			g.dispose();
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			try {
				ImageIO.write(image, "jpg", out);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			large = out.toByteArray();
		}
		return large;
	}

}
