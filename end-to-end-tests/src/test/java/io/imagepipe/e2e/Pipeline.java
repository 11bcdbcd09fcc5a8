package io.imagepipe.e2e;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import io.imagepipe.testsupport.TestTokens;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The running pipeline as a browser sees it: uploads to ingest-api with the owner's
 * bearer token (or a backend's service token for many owners at once), status polls, and
 * image requests to serving-api, all over real HTTP.
 */
public final class Pipeline {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
	};

	private final URI ingest;

	private final URI serving;

	private final URI ops;

	private final ServiceProcess worker;

	private final RestClient http;

	Pipeline(URI ingest, URI serving, URI ops, ServiceProcess worker) {
		this.ingest = ingest;
		this.serving = serving;
		this.ops = ops;
		this.worker = worker;
		this.http = RestClient.builder()
			.requestFactory(new JdkClientHttpRequestFactory())
			// every status is an answer to assert on, not an exception
			.defaultStatusHandler((status) -> true, (request, response) -> {
			})
			.build();
	}

	/**
	 * Upload a file as the {@code file} part of a multipart form, as a browser does, with
	 * the owner's token.
	 * @param image the image, such as {@code users/42/profile}
	 * @param filename the file's name
	 * @param type the part's content type
	 * @param bytes the file
	 * @return the answer, with the JSON body as a map
	 */
	ResponseEntity<Map<String, Object>> post(String image, String filename, MediaType type, byte[] bytes) {
		return this.http.post()
			.uri(this.ingest.resolve("/api/v1/images/" + image))
			.header(HttpHeaders.AUTHORIZATION, OwnerTokens.bearer(image))
			.contentType(MediaType.MULTIPART_FORM_DATA)
			.body(form(filename, type, bytes))
			.retrieve()
			.toEntity(JSON_OBJECT);
	}

	/**
	 * Upload a JPEG with the owner's token, as the owner's browser does, and check that
	 * it is accepted.
	 * @param image the image, such as {@code users/42/profile}
	 * @param filename the file's name
	 * @param bytes the file
	 * @return the upload as ingest-api reported it
	 */
	UploadStatus upload(String image, String filename, byte[] bytes) {
		return upload(OwnerTokens.forImage(image), image, filename, bytes);
	}

	/**
	 * Upload a JPEG with the service token, as a backend uploading for many owners does,
	 * and check that it is accepted. The service role is not rate limited.
	 * @param image the image, such as {@code users/42/profile}
	 * @param filename the file's name
	 * @param bytes the file
	 * @return the upload as ingest-api reported it
	 */
	UploadStatus uploadAsService(String image, String filename, byte[] bytes) {
		return upload(TestTokens.service(), image, filename, bytes);
	}

	private UploadStatus upload(String token, String image, String filename, byte[] bytes) {
		ResponseEntity<UploadStatus> response = this.http.post()
			.uri(this.ingest.resolve("/api/v1/images/" + image))
			.header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(token))
			.contentType(MediaType.MULTIPART_FORM_DATA)
			.body(form(filename, MediaType.IMAGE_JPEG, bytes))
			.retrieve()
			.toEntity(UploadStatus.class);
		assertThat(response.getStatusCode()).as("upload of %s to %s", filename, image).isEqualTo(HttpStatus.ACCEPTED);
		assertThat(response.getBody()).isNotNull();
		return response.getBody();
	}

	/**
	 * Poll an upload's status URL until it is done, failed or superseded.
	 * @param upload the upload
	 * @param atMost how long processing may take
	 * @return the final status
	 */
	UploadStatus awaitFinished(UploadStatus upload, Duration atMost) {
		return await("upload " + upload.uploadId() + " to finish").atMost(atMost)
			.pollInterval(Duration.ofMillis(200))
			.until(() -> status(upload), UploadStatus::isFinished);
	}

	UploadStatus status(UploadStatus upload) {
		ResponseEntity<UploadStatus> response = this.http.get()
			.uri(this.ingest.resolve(upload.statusUrl()))
			.retrieve()
			.toEntity(UploadStatus.class);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		return response.getBody();
	}

	/**
	 * Request an image from serving-api.
	 * @param url the image URL as ingest-api gave it
	 * @param ifNoneMatch the ETag the browser holds, or {@code null}
	 * @return the answer with its bytes
	 */
	ResponseEntity<byte[]> fetch(URI url, String ifNoneMatch) {
		assertThat(url.getAuthority()).as("the image URL points at serving-api").isEqualTo(this.serving.getAuthority());
		return this.http.get().uri(url).headers((headers) -> {
			if (ifNoneMatch != null) {
				headers.set(HttpHeaders.IF_NONE_MATCH, ifNoneMatch);
			}
		}).retrieve().toEntity(byte[].class);
	}

	ResponseEntity<byte[]> fetch(URI url) {
		return fetch(url, null);
	}

	/**
	 * Request an image's metadata from serving-api.
	 * @param url the image URL as ingest-api gave it
	 * @return the answer, with the JSON body as a map
	 */
	ResponseEntity<Map<String, Object>> metadata(URI url) {
		return this.http.get().uri(URI.create(unversioned(url) + "/meta")).retrieve().toEntity(JSON_OBJECT);
	}

	/**
	 * The stable URL of an image, without its version.
	 * @param url a versioned URL
	 * @return the same URL without its query
	 */
	static URI unversioned(URI url) {
		return URI.create(url.getScheme() + "://" + url.getRawAuthority() + url.getRawPath());
	}

	private static MultiValueMap<String, Object> form(String filename, MediaType type, byte[] bytes) {
		HttpHeaders part = new HttpHeaders();
		part.setContentDispositionFormData("file", filename);
		part.setContentType(type);
		MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
		form.add("file", new HttpEntity<>(bytes, part));
		return form;
	}

	/**
	 * Where ingest-api listens.
	 * @return its base URL
	 */
	public URI ingestUrl() {
		return this.ingest;
	}

	/**
	 * Where ops-console answers.
	 * @return its base URL
	 */
	public URI opsUrl() {
		return this.ops;
	}

	/**
	 * Where serving-api listens.
	 * @return its base URL
	 */
	public URI servingUrl() {
		return this.serving;
	}

	boolean workerIsAlive() {
		return this.worker.isAlive();
	}

	boolean workerIsHealthy() {
		return this.worker.isHealthy();
	}

}
