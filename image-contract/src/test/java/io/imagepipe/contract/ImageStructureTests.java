package io.imagepipe.contract;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import io.imagepipe.contract.ImageStructure.TooMuchWork;
import io.imagepipe.contract.ImageStructure.Walk;
import io.imagepipe.testsupport.HostileImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ImageStructureTests {

	private final ImageStructure structure = new ImageStructure(50_000_000L, 1000);

	static Stream<Path> photos() throws IOException {
		return Files.list(Path.of("..", "test-images", "exif-orientation"))
			.filter((path) -> path.toString().endsWith(".jpg"))
			.sorted();
	}

	@ParameterizedTest
	@MethodSource("photos")
	void ordinaryPhotosPassAndEndAtTheirEndMarker(Path photo) throws IOException {
		byte[] bytes = Files.readAllBytes(photo);
		Walk walk = this.structure.check(bytes);
		assertThat(walk.format()).isEqualTo("jpeg");
		assertThat(walk.complete()).isTrue();
		assertThat(walk.units()).isBetween(1, 20);
		assertThat(walk.trailingBytes(bytes.length)).isZero();
	}

	@Test
	void aProgressiveJpegWithinTheScanLimitPasses() {
		byte[] bytes = HostileImages.scanBombJpeg(640, 480, ImageStructure.MAX_JPEG_SCANS);
		Walk walk = this.structure.check(bytes);
		assertThat(walk.units()).isEqualTo(ImageStructure.MAX_JPEG_SCANS);
		assertThat(walk.end()).isEqualTo(bytes.length);
	}

	@Test
	void scanBombJpegsAreRefusedWhateverTheirSize() {
		for (int side : new int[] { 64, 2000, 7000 }) {
			byte[] bomb = HostileImages.scanBombJpeg(side, side, 2000);
			assertThatExceptionOfType(TooMuchWork.class).isThrownBy(() -> this.structure.check(bomb))
				.withMessageContaining("more than 100 scans");
		}
	}

	@Test
	void aJpegOfCountlessMarkersIsRefused() {
		byte[] jpeg = HostileImages.ordinaryJpeg(32, 32);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(jpeg, 0, 2);
		for (int i = 0; i < 2000; i++) {
			out.writeBytes(new byte[] { (byte) 0xFF, (byte) 0xFE, 0, 3, 'x' });
		}
		out.write(jpeg, 2, jpeg.length - 2);
		assertThatExceptionOfType(TooMuchWork.class).isThrownBy(() -> this.structure.check(out.toByteArray()))
			.withMessageContaining("markers");
	}

	@Test
	void theEndOfEntropyCodedDataIsFoundAtEveryAlignment() {
		// stuffed 0xFF00, restart markers and 0xFF fill bytes inside the scan never end
		// it; the end marker does, wherever it falls within a word of the scan
		byte[] inside = { (byte) 0xFF, 0x00, 0x12, (byte) 0xFF, (byte) 0xD3, (byte) 0xFE, (byte) 0xFF, (byte) 0xFF,
				0x00, 0x7F };
		for (int before = 0; before < 24; before++) {
			for (int after = 0; after < 24; after++) {
				ByteArrayOutputStream out = new ByteArrayOutputStream();
				out.writeBytes(new byte[] { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xDA, 0, 2 });
				out.writeBytes(filler(before));
				out.writeBytes(inside);
				out.writeBytes(filler(after));
				out.writeBytes(new byte[] { (byte) 0xFF, (byte) 0xD9 });
				byte[] jpeg = out.toByteArray();
				Walk walk = this.structure.check(HostileImages.withTrailingJunk(jpeg, 9));
				assertThat(walk.complete()).as("%d + %d", before, after).isTrue();
				assertThat(walk.units()).isEqualTo(1);
				assertThat(walk.end()).as("%d + %d", before, after).isEqualTo(jpeg.length);
			}
		}
	}

	private static byte[] filler(int length) {
		byte[] bytes = new byte[length];
		for (int i = 0; i < length; i++) {
			bytes[i] = (byte) (0x80 + i * 7 % 0x7F);
		}
		return bytes;
	}

	@Test
	void trailingDataIsFoundAfterEachFormatsEnd() {
		byte[][] images = { HostileImages.ordinaryJpeg(40, 30), HostileImages.ordinaryPng(40, 30),
				HostileImages.ordinaryGif(40, 30), webp() };
		for (byte[] image : images) {
			byte[] withJunk = HostileImages.withTrailingJunk(image, 5000);
			Walk walk = this.structure.check(withJunk);
			assertThat(walk.complete()).as(walk.format()).isTrue();
			assertThat(walk.end()).as(walk.format()).isEqualTo(image.length);
			assertThat(walk.trailingBytes(withJunk.length)).isEqualTo(5000);
		}
	}

	@Test
	void aPngDeclaringMorePixelsThanItsDataCanHoldIsRefused() {
		assertThatExceptionOfType(TooMuchWork.class)
			.isThrownBy(() -> this.structure.check(HostileImages.impossibleRatioPng(7000, 7000)))
			.withMessageContaining("more than its compressed data can hold");
	}

	@Test
	void aPngWhoseMetadataInflatesToHundredsOfMegabytesIsRefusedAfterInflatingLittle() {
		byte[] bomb = HostileImages.textBombPng(256L << 20);
		assertThat(bomb.length).isLessThan(2 * 1024 * 1024);
		assertThatExceptionOfType(TooMuchWork.class).isThrownBy(() -> this.structure.check(bomb))
			.withMessageContaining("metadata inflates");
	}

	@Test
	void pngMetadataOfOrdinarySizePasses() {
		assertThat(this.structure.check(HostileImages.textBombPng(100_000)).complete()).isTrue();
	}

	@Test
	void aPngOfCountlessChunksIsRefused() {
		assertThatExceptionOfType(TooMuchWork.class)
			.isThrownBy(() -> this.structure.check(HostileImages.chunkFloodPng(30_000)))
			.withMessageContaining("chunks");
	}

	@Test
	void frameBombGifsAreRefused() {
		assertThatExceptionOfType(TooMuchWork.class)
			.isThrownBy(() -> this.structure.check(HostileImages.frameBombGif(2000, 2000, 1)))
			.withMessageContaining("more than its compressed data can hold");
		assertThatExceptionOfType(TooMuchWork.class)
			.isThrownBy(() -> this.structure.check(HostileImages.frameBombGif(1, 1, 1001)))
			.withMessageContaining("has 1001 frames; at most 1000");
	}

	@Test
	void bytesThatAreNoKnownFormatAreLeftToTheDecoders() {
		Walk walk = this.structure.check(new byte[] { 'h', 'e', 'l', 'l', 'o' });
		assertThat(walk.format()).isEqualTo("unknown");
		assertThat(walk.trailingBytes(5)).isZero();
	}

	@Test
	void aTruncatedFileIsLeftToTheDecoders() {
		byte[] jpeg = HostileImages.ordinaryJpeg(64, 64);
		byte[] truncated = java.util.Arrays.copyOf(jpeg, jpeg.length / 2);
		Walk walk = this.structure.check(truncated);
		assertThat(walk.complete()).isFalse();
		assertThat(walk.trailingBytes(truncated.length)).isZero();
	}

	/**
	 * The RIFF structure of a WebP: one odd-sized chunk and its pad byte (the walk does
	 * not read the bitstream).
	 */
	private static byte[] webp() {
		return java.util.HexFormat.of()
			.parseHex("52494646" + "12000000" + "57454250" + "5650384c" + "05000000" + "2f00000010" + "00");
	}

}
