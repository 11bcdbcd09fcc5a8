package io.imagepipe.ops;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import io.imagepipe.testsupport.HostileImages;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ops preview of a failed upload gets the worker's limits: no preview of a file whose
 * structure implies unbounded decode work, and a decode past the preview deadline is
 * aborted.
 */
@OpsIntegrationTest
class PreviewLimitsTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	OpsProperties opsProperties;

	@Autowired
	UploadSettings uploadProperties;

	@Test
	void aScanBombHasNoPreviewAndCostsNoDecoding() throws Exception {
		UUID id = new FailedUploadRows(this.jdbc).insert("users", FailedUploadRows.uniqueOwner("bomb"), "profile",
				"unprocessable", "The JPEG has more than 100 scans", HostileImages.scanBombJpeg(7000, 7000, 2000));
		long start = System.nanoTime();
		HttpResponse<byte[]> preview = new OpsClient(this.port).getBytes("/api/v1/ops/uploads/" + id + "/preview");
		assertThat(preview.statusCode()).isEqualTo(404);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
	}

	@Test
	void aPreviewDecodePastItsDeadlineIsAbortedWithoutAPreview() {
		PreviewRenderer renderer = new PreviewRenderer(this.opsProperties, this.uploadProperties,
				Duration.ofMillis(300));
		// within the structural limits, but seconds of decoding at 49 MP
		byte[] heavy = HostileImages.scanBombJpeg(7000, 7000, 100);
		// decoded to the end it would make a preview: none means the deadline aborted it
		assertThat(renderer.render(heavy)).isEmpty();
		assertThat(renderer.render(HostileImages.ordinaryJpeg(400, 300))).isPresent();
	}

}
