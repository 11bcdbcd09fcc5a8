package io.imagepipe.contract;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import io.imagepipe.contract.DecodeDeadline.DeadlinePassed;
import io.imagepipe.testsupport.HostileImages;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DecodeDeadlineTests {

	@Test
	void aScanBombDecodeIsAbortedSoonAfterTheDeadline() throws IOException {
		// about 2,000 full passes over 16 MP: minutes of work without the deadline
		byte[] bomb = HostileImages.scanBombJpeg(4000, 4000, 2000);
		DecodeDeadline deadline = DecodeDeadline.in(Duration.ofMillis(500));
		long start = System.nanoTime();
		try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(bomb))) {
			ImageReader reader = ImageIO.getImageReaders(input).next();
			try {
				reader.setInput(input, false, false);
				deadline.watch(reader);
				reader.read(0);
			}
			finally {
				reader.dispose();
			}
		}
		long millis = (System.nanoTime() - start) / 1_000_000;
		assertThat(deadline.passed()).isTrue();
		assertThatExceptionOfType(DeadlinePassed.class).isThrownBy(deadline::check)
			.withMessageContaining("longer than its limit");
		// one scan past the deadline at most, with room for a slow shared machine
		assertThat(millis).isLessThan(10_000);
	}

	@Test
	void aDeadlineNotReachedLetsTheDecodeFinish() throws IOException {
		byte[] jpeg = HostileImages.ordinaryJpeg(300, 200);
		DecodeDeadline deadline = DecodeDeadline.in(Duration.ofMinutes(5));
		try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(jpeg))) {
			ImageReader reader = ImageIO.getImageReaders(input).next();
			reader.setInput(input, false, false);
			deadline.watch(reader);
			assertThat(reader.read(0).getWidth()).isEqualTo(300);
			reader.dispose();
		}
		deadline.check();
		assertThat(deadline.budget()).isEqualTo(Duration.ofMinutes(5));
	}

}
