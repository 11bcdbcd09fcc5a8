package io.imagepipe.worker.compress;

import java.awt.image.BufferedImage;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each output pixel is the rounded average of its square of source pixels, colours
 * weighted by opacity, whatever the layout of the decoded raster.
 */
class BoxShrinkTests {

	@ParameterizedTest
	@ValueSource(ints = { BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_3BYTE_BGR })
	void averagesEachSquareOfAnOpaquePicture(int type) {
		BufferedImage image = new BufferedImage(7, 5, type);
		for (int y = 0; y < 5; y++) {
			for (int x = 0; x < 7; x++) {
				image.setRGB(x, y, 0xff000000 | (x * 30) << 16 | (y * 50) << 8 | ((x + y) % 2) * 255);
			}
		}
		assertThat(BoxShrink.canRead(image)).isTrue();
		BufferedImage shrunk = BoxShrink.by(image, 2);
		assertThat(shrunk.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
		assertThat(shrunk.getWidth()).isEqualTo(3);
		assertThat(shrunk.getHeight()).isEqualTo(2);
		for (int y = 0; y < 2; y++) {
			for (int x = 0; x < 3; x++) {
				// red: (2x·30 + (2x+1)·30) / 2 = 60x + 15; green: 100y + 25; blue: half
				// 255
				int expected = 0xff000000 | (60 * x + 15) << 16 | (100 * y + 25) << 8 | 128;
				assertThat(Integer.toHexString(shrunk.getRGB(x, y))).isEqualTo(Integer.toHexString(expected));
			}
		}
	}

	@ParameterizedTest
	@ValueSource(ints = { BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_4BYTE_ABGR })
	void weightsColoursByOpacity(int type) {
		BufferedImage image = new BufferedImage(2, 2, type);
		image.setRGB(0, 0, 0xffff0000);
		image.setRGB(1, 0, 0x000000ff);
		image.setRGB(0, 1, 0x00000000);
		image.setRGB(1, 1, 0xffff0000);
		BufferedImage shrunk = BoxShrink.by(image, 2);
		assertThat(shrunk.getType()).isEqualTo(BufferedImage.TYPE_INT_ARGB);
		// half opaque, and pure red: the transparent pixels' colour does not bleed in
		assertThat(Integer.toHexString(shrunk.getRGB(0, 0))).isEqualTo("80ff0000");
		BufferedImage clear = BoxShrink.by(new BufferedImage(2, 2, type), 2);
		assertThat(clear.getRGB(0, 0)).isZero();
	}

	@ParameterizedTest
	@ValueSource(ints = { BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_USHORT_GRAY, BufferedImage.TYPE_INT_ARGB_PRE,
			BufferedImage.TYPE_BYTE_INDEXED })
	void leavesOtherLayoutsToTheSrgbConversionFirst(int type) {
		assertThat(BoxShrink.canRead(new BufferedImage(4, 4, type))).isFalse();
		BufferedImage converted = Srgb.convert(new BufferedImage(4, 4, type));
		assertThat(BoxShrink.canRead(converted)).isTrue();
	}

}
