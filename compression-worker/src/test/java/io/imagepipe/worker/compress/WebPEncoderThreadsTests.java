package io.imagepipe.worker.compress;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * libwebp's second thread changes how fast the main WebP is made, never its bytes: the
 * image's version (the hash of its bytes) does not depend on whether the worker had a
 * core to spare.
 */
class WebPEncoderThreadsTests {

	@Test
	void aSecondThreadGivesTheSameBytes() {
		BufferedImage image = photoLike(1024, 683);
		WebPEncoder.Encoded single = new WebPEncoder(4).encode(image, 0.82f);
		WebPEncoder.Encoded threaded = new WebPEncoder(4, 1).encode(image, 0.82f);
		assertThat(single.size()).isGreaterThan(1000);
		assertThat(threaded.bytes()).isEqualTo(single.bytes());
	}

	private static BufferedImage photoLike(int width, int height) {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		g.setPaint(new GradientPaint(0, 0, new Color(30, 90, 160), width, height, new Color(230, 180, 90)));
		g.fillRect(0, 0, width, height);
		g.dispose();
		Random random = new Random(42);
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				int rgb = image.getRGB(x, y);
				int noise = random.nextInt(25) - 12;
				int r = Math.clamp(((rgb >> 16) & 0xff) + noise, 0, 255);
				int gr = Math.clamp(((rgb >> 8) & 0xff) + noise, 0, 255);
				int b = Math.clamp((rgb & 0xff) + noise, 0, 255);
				image.setRGB(x, y, (r << 16) | (gr << 8) | b);
			}
		}
		return image;
	}

}
