package io.imagepipe.worker.compress;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import javax.imageio.ImageIO;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Runs the whole pipeline once on a generated photo-sized JPEG at startup, so that the
 * native codec is loaded and the hot paths are compiled before the first real upload:
 * without it, the first job after a start takes about three times as long.
 */
@Component
class CodecWarmup implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(CodecWarmup.class);

	private final ImageCompressor compressor;

	CodecWarmup(ImageCompressor compressor) {
		this.compressor = compressor;
	}

	@Override
	public void run(ApplicationArguments args) throws IOException {
		long start = System.nanoTime();
		byte[] jpeg = sampleJpeg(3000, 2000);
		for (int i = 0; i < 2; i++) {
			this.compressor.compress(jpeg, SlotPreset.of(1024, 1024, SlotPreset.Fit.INSIDE));
		}
		log.info("Codec warm-up done in {} ms", (System.nanoTime() - start) / 1_000_000);
	}

	private static byte[] sampleJpeg(int width, int height) throws IOException {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		try {
			g.setPaint(new GradientPaint(0, 0, Color.ORANGE, width, height, Color.BLUE));
			g.fillRect(0, 0, width, height);
		}
		finally {
			g.dispose();
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ImageIO.write(image, "jpg", out);
		return out.toByteArray();
	}

}
