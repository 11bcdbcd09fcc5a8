package io.imagepipe.ingest.upload;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import javax.imageio.ImageIO;

import io.imagepipe.ingest.upload.ImageInspector.InspectedImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * What the headers of an upload tell before anything is stored: its format from the magic
 * bytes, its size, and the frames of an animation.
 */
class ImageInspectorTests {

	private final ImageInspector inspector = new ImageInspector(2);

	@ParameterizedTest
	@ValueSource(strings = { "jpeg", "png", "gif", "webp" })
	void identifiesEveryAcceptedFormatFromItsMagicBytes(String format) throws IOException {
		InspectedImage image = this.inspector
			.inspect(encode(new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB), format));
		assertThat(image.mediaType()).isEqualTo("image/" + format);
		assertThat(image.width()).isEqualTo(40);
		assertThat(image.height()).isEqualTo(30);
		assertThat(image.frames()).isEqualTo(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "<svg xmlns='http://www.w3.org/2000/svg' width='5' height='5'/>",
			"<?xml version='1.0'?><svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
			"%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n",
			"<!DOCTYPE html><html><body><img src=x onerror=alert(1)></body></html>", "just some notes" })
	void refusesSvgPdfHtmlAndTextAsUnsupportedMediaType(String content) {
		UploadRejected rejected = catchThrowableOfType(UploadRejected.class,
				() -> this.inspector.inspect(content.getBytes(StandardCharsets.UTF_8)));
		assertThat(rejected.getStatusCode()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
		assertThat(rejected.getBody().getType()).hasToString("urn:imagepipe:problem:unsupported-media-type");
	}

	@ParameterizedTest
	@ValueSource(strings = { "gif-animated.gif", "webp-animated.webp" })
	void refusesAnAnimationWithMoreFramesThanTheLimit(String file) throws IOException {
		UploadRejected rejected = catchThrowableOfType(UploadRejected.class, () -> this.inspector.inspect(image(file)));
		assertThat(rejected.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
		assertThat(rejected.getBody().getType()).hasToString("urn:imagepipe:problem:too-many-frames");
		assertThat(rejected.getBody().getDetail()).isEqualTo("The animation has 3 frames; at most 2 are accepted.");
	}

	@Test
	void countsTheFramesOfAnAnimationWithinTheLimit() throws IOException {
		ImageInspector generous = new ImageInspector(10);
		assertThat(generous.inspect(image("webp-animated.webp")).frames()).isEqualTo(3);
		assertThat(generous.inspect(image("gif-animated.gif")).frames()).isEqualTo(3);
	}

	@Test
	void measuresAGifByItsLogicalScreenSoATinyFrameCannotHideAHugeCanvas() {
		InspectedImage image = this.inspector.inspect(gifClaiming(50_000, 40_000, 1, 1));
		assertThat(image.width()).isEqualTo(50_000);
		assertThat(image.height()).isEqualTo(40_000);
		assertThat(image.pixels()).isEqualTo(2_000_000_000L);
	}

	@Test
	void readsTheDeclaredSizeOfAGifBombWithoutDecodingIt() {
		InspectedImage image = this.inspector.inspect(gifClaiming(1, 1, 50_000, 50_000));
		assertThat(image.pixels()).isEqualTo(2_500_000_000L);
	}

	@Test
	void takesAJpegHtmlPolyglotAsTheJpegItAlsoIs() throws IOException {
		byte[] jpeg = encode(new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB), "jpeg");
		ByteArrayOutputStream polyglot = new ByteArrayOutputStream();
		polyglot.writeBytes(jpeg);
		polyglot.writeBytes("<html><script>alert(1)</script></html>".getBytes(StandardCharsets.US_ASCII));
		assertThat(this.inspector.inspect(polyglot.toByteArray()).mediaType()).isEqualTo("image/jpeg");
	}

	/**
	 * A valid one-pixel GIF whose logical screen and frame declare other sizes.
	 */
	static byte[] gifClaiming(int screenWidth, int screenHeight, int frameWidth, int frameHeight) {
		byte[] gif = HexFormat.of()
			.parseHex("474946383961" + "01000100" + "800000" + "ffffff000000" + "21f90401000000" + "00"
					+ "2c0000000001000100" + "00" + "02024401" + "00" + "3b");
		int[][] fields = { { 6, screenWidth }, { 8, screenHeight }, { 32, frameWidth }, { 34, frameHeight } };
		for (int[] field : fields) {
			gif[field[0]] = (byte) field[1];
			gif[field[0] + 1] = (byte) (field[1] >> 8);
		}
		return gif;
	}

	private static byte[] image(String file) throws IOException {
		try (InputStream in = ImageInspectorTests.class.getResourceAsStream("/images/" + file)) {
			return in.readAllBytes();
		}
	}

	private static byte[] encode(BufferedImage image, String format) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		assertThat(ImageIO.write(image, format, out)).as("writer for " + format).isTrue();
		return out.toByteArray();
	}

}
