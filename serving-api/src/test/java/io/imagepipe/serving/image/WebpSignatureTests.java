package io.imagepipe.serving.image;

import java.awt.Color;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The WebP signature check on its own.
 */
class WebpSignatureTests {

	@Test
	void recognisesARealWebpFile() {
		assertThat(WebpSignature.matches(TestImages.webp(Color.RED))).isTrue();
	}

	@Test
	void recognisesTheSignatureWhateverFollowsIt() {
		assertThat(WebpSignature.matches(TestImages.webpSignatureFollowedBy(new byte[0]))).isTrue();
		assertThat(
				WebpSignature.matches(TestImages.webpSignatureFollowedBy("<html>".getBytes(StandardCharsets.US_ASCII))))
			.isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = {
			// empty, too short, 11 of the 12 bytes, RIFF of another kind, PNG, JPEG, GIF,
			// HTML, SVG
			"", "52494646", "5249464600000000574542", "524946460000000057415645", "89504e470d0a1a0a0000000d",
			"ffd8ffe000104a4649460001", "474946383961010001000000", "3c68746d6c3e3c7363726970",
			"3c73766720786d6c6e733d22" })
	void refusesAnythingElse(String hex) {
		assertThat(WebpSignature.matches(HexFormat.of().parseHex(hex))).isFalse();
	}

	@Test
	void refusesNothing() {
		assertThat(WebpSignature.matches(null)).isFalse();
		assertThat(WebpSignature.matches("WEBPRIFF0000".getBytes(StandardCharsets.US_ASCII))).isFalse();
	}

}
