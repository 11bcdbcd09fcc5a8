package io.imagepipe.e2e;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The pipeline's promises to a browser: a new upload shows at once under a new version,
 * cached copies are revalidated cheaply, and bad uploads get a clear answer without
 * harming anyone else's.
 */
@ExtendWith(ServiceProcesses.class)
class PipelineEndToEndTests {

	private static final Duration PROCESSED_WITHIN = Duration.ofSeconds(30);

	private final Pipeline pipeline;

	PipelineEndToEndTests(Pipeline pipeline) {
		this.pipeline = pipeline;
	}

	@Test
	void aNewUploadIsServedUnderANewVersionAndTheStableUrlFollowsIt() {
		String image = "users/e2e-replaced/profile";
		UploadStatus first = uploadAndWait(image, "Landscape_1");
		ResponseEntity<byte[]> firstImage = this.pipeline.fetch(first.imageUrl());
		UploadStatus second = uploadAndWait(image, "Portrait_1");
		ResponseEntity<byte[]> secondImage = this.pipeline.fetch(second.imageUrl());

		assertThat(second.version()).isNotNull().isNotEqualTo(first.version());
		assertThat(secondImage.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(secondImage.getHeaders().getCacheControl()).contains("immutable");
		assertThat(Arrays.equals(secondImage.getBody(), firstImage.getBody())).as("same bytes as before").isFalse();
		assertThat(secondImage.getHeaders().getETag()).isNotEqualTo(firstImage.getHeaders().getETag());

		ResponseEntity<byte[]> stable = this.pipeline.fetch(Pipeline.unversioned(second.imageUrl()));
		assertThat(stable.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(stable.getHeaders().getETag()).isEqualTo(secondImage.getHeaders().getETag());
		assertThat(stable.getBody()).isEqualTo(secondImage.getBody());
		assertThat(stable.getHeaders().getCacheControl()).contains("no-cache").doesNotContain("immutable");

		ResponseEntity<Map<String, Object>> metadata = this.pipeline.metadata(second.imageUrl());
		assertThat(metadata.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(metadata.getBody()).containsEntry("versionedUrl", second.imageUrl().toString())
			.containsEntry("version", second.version());

		ResponseEntity<byte[]> stale = this.pipeline.fetch(first.imageUrl());
		assertThat(stale.getHeaders().getCacheControl()).as("Cache-Control of the replaced version's URL")
			.doesNotContain("immutable");
	}

	@Test
	void aBrowserHoldingTheCurrentETagIsToldItsCopyIsNotModified() {
		UploadStatus upload = uploadAndWait("users/e2e-revalidated/profile", "Portrait_1");
		String etag = this.pipeline.fetch(upload.imageUrl()).getHeaders().getETag();
		assertThat(etag).isNotBlank();

		ResponseEntity<byte[]> versioned = this.pipeline.fetch(upload.imageUrl(), etag);
		assertThat(versioned.getStatusCode()).isEqualTo(HttpStatus.NOT_MODIFIED);
		assertThat(versioned.getBody()).isNullOrEmpty();
		assertThat(versioned.getHeaders().getETag()).isEqualTo(etag);

		ResponseEntity<byte[]> stable = this.pipeline.fetch(Pipeline.unversioned(upload.imageUrl()), etag);
		assertThat(stable.getStatusCode()).isEqualTo(HttpStatus.NOT_MODIFIED);

		ResponseEntity<byte[]> otherCopy = this.pipeline.fetch(upload.imageUrl(), "\"an-older-copy\"");
		assertThat(otherCopy.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(otherCopy.getBody()).isNotEmpty();
	}

	@Test
	void aTruncatedJpegFailsWithAReadableReasonAndTheWorkerCarriesOn() {
		byte[] truncated = Arrays.copyOf(Corpus.photo("Landscape_1"), 2000);
		String image = "users/e2e-truncated/profile";
		UploadStatus accepted = this.pipeline.upload(image, "truncated.jpg", truncated);
		UploadStatus failed = this.pipeline.awaitFinished(accepted, PROCESSED_WITHIN);

		assertThat(failed.status()).isEqualTo("failed");
		assertThat(failed.error()).isNotBlank().doesNotContain("Exception").doesNotContain("java.");
		assertThat(failed.attempts()).as("attempts").isBetween(1, 2);
		assertThat(this.pipeline.fetch(Pipeline.unversioned(failed.imageUrl())).getStatusCode())
			.as("the raw upload is never served")
			.isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(this.pipeline.workerIsAlive()).as("the worker process is alive").isTrue();
		assertThat(this.pipeline.workerIsHealthy()).as("the worker reports UP").isTrue();
		assertThat(uploadAndWait("users/e2e-after-truncated/profile", "Landscape_1").status()).isEqualTo("done");
		await("the failed upload staying failed, not retried in a loop").during(Duration.ofSeconds(2))
			.atMost(Duration.ofSeconds(4))
			.until(() -> this.pipeline.status(accepted), failed::equals);
	}

	@Test
	void aTextFileIsRefusedWithUnsupportedMediaTypeAsAProblemDetail() {
		byte[] text = "These are my notes, not a photo.\n".getBytes(StandardCharsets.UTF_8);
		ResponseEntity<Map<String, Object>> response = this.pipeline.post("users/e2e-text/profile", "notes.txt",
				MediaType.TEXT_PLAIN, text);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(response.getBody()).containsEntry("status", 415)
			.containsKeys("type", "title", "detail")
			.doesNotContainKey("trace");
		assertThat((String) response.getBody().get("detail")).contains("JPEG");
	}

	private UploadStatus uploadAndWait(String image, String photo) {
		UploadStatus accepted = this.pipeline.upload(image, photo + ".jpg", Corpus.photo(photo));
		UploadStatus finished = this.pipeline.awaitFinished(accepted, PROCESSED_WITHIN);
		assertThat(finished.status()).as("status of %s (error: %s)", photo, finished.error()).isEqualTo("done");
		return finished;
	}

}
