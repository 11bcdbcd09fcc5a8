package io.imagepipe.ingest.ops;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import io.imagepipe.ingest.upload.UploadProperties;
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
	UploadProperties uploadProperties;

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
		long start = System.nanoTime();
		assertThat(renderer.render(heavy)).isEmpty();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
		assertThat(renderer.render(HostileImages.ordinaryJpeg(400, 300))).isPresent();
	}

}
