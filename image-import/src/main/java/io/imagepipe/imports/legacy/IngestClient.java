package io.imagepipe.imports.legacy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.imagepipe.contract.ImageKey;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The imagepipe HTTP APIs the import uses, the same ones a browser uses: ingest-api's
 * upload and status endpoints, with the bearer token, and serving-api's public image URL
 * to tell whether an image exists.
 */
final class IngestClient {

	private static final int ATTEMPTS = 5;

	private static final long FIRST_PAUSE_MILLIS = 500;

	private static final Set<Integer> RETRIED = Set.of(429, 502, 503, 504);

	/**
	 * resilience4j's retry: up to {@link #ATTEMPTS} tries of a request that got no answer
	 * or a {@link #RETRIED} status, pausing 0.5, 1, 2, 4 s, or longer when
	 * {@code Retry-After} says so; after the last try the last answer is returned as it
	 * is.
	 */
	private static final RetryConfig RETRY = RetryConfig.<HttpResponse<String>>custom()
		.maxAttempts(ATTEMPTS)
		.retryExceptions(IOException.class)
		.retryOnResult((response) -> RETRIED.contains(response.statusCode()))
		.failAfterMaxAttempts(false)
		.intervalBiFunction(IngestClient::pauseMillis)
		.build();

	private final HttpClient http;

	private final URI ingest;

	private final URI serving;

	private final List<String[]> headers;

	private final String token;

	/**
	 * @param http the client
	 * @param ingest ingest-api's base URL
	 * @param serving serving-api's base URL
	 * @param headers name and value of the headers to send with every request
	 * @param token the bearer token to send to ingest-api, or {@code null}
	 */
	IngestClient(HttpClient http, URI ingest, URI serving, List<String[]> headers, String token) {
		this.http = http;
		this.ingest = ingest;
		this.serving = serving;
		this.headers = headers;
		this.token = token;
	}

	/**
	 * Upload an image as the raw request body. A 429 (rate limited), 502, 503 or 504
	 * answer, or no answer, is tried again a few times with a growing pause, at least as
	 * long as {@code Retry-After} says; a 401 (no token, or one ingest-api does not
	 * accept) stops the import, as every other image would get it too; any other error is
	 * the image's.
	 * @param key the image
	 * @param bytes the file
	 * @return what ingest-api answered
	 * @throws TokenRefused when ingest-api answers 401
	 * @throws IOException when ingest-api cannot be reached even after retries
	 * @throws InterruptedException when interrupted
	 */
	Upload upload(ImageKey key, byte[] bytes) throws IOException, InterruptedException {
		HttpRequest request = toIngest(this.ingest.resolve("/api/v1/images/" + key)).timeout(Duration.ofSeconds(60))
			.header("Content-Type", "application/octet-stream")
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
			.build();
		HttpResponse<String> response = sendWithRetries(request);
		JsonNode body = json(response.body());
		if (response.statusCode() == 202) {
			return new Accepted(UUID.fromString(body.path("uploadId").asString()),
					this.ingest.resolve(body.path("statusUrl").asString()));
		}
		String detail = body.path("detail").asString(body.path("title").asString("no detail"));
		if (response.statusCode() == 401) {
			throw new TokenRefused(detail, this.token != null || hasAuthorizationHeader());
		}
		return new Rejected(response.statusCode(), body.path("type").asString(""), detail);
	}

	/**
	 * Read an upload's status.
	 * @param statusUrl the status URL ingest-api gave
	 * @return the status
	 * @throws IOException when ingest-api cannot be reached even after retries
	 * @throws InterruptedException when interrupted
	 */
	Status status(URI statusUrl) throws IOException, InterruptedException {
		HttpRequest request = toIngest(statusUrl).timeout(Duration.ofSeconds(10))
			.header("Accept", "application/json")
			.build();
		HttpResponse<String> response = sendWithRetries(request);
		if (response.statusCode() != 200) {
			throw new IOException(statusUrl + " answered " + response.statusCode());
		}
		JsonNode body = json(response.body());
		return new Status(body.path("status").asString(), body.path("imageUrl").asString(null),
				body.path("error").asString(null));
	}

	/**
	 * Tell whether serving-api already serves an image for a key.
	 * @param key the image
	 * @return whether {@code HEAD} of its URL answers 200
	 * @throws IOException when serving-api cannot be reached or answers neither 200 nor
	 * 404
	 * @throws InterruptedException when interrupted
	 */
	boolean hasImage(ImageKey key) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(this.serving.resolve(key.path()))
			.timeout(Duration.ofSeconds(10))
			.method("HEAD", HttpRequest.BodyPublishers.noBody())
			.build();
		int status = sendWithRetries(request).statusCode();
		if (status != 200 && status != 404) {
			throw new IOException("HEAD " + request.uri() + " answered " + status);
		}
		return status == 200;
	}

	/**
	 * A request to ingest-api, with the bearer token when there is one and the URL is
	 * ingest-api's. serving-api is public: the token is never sent there.
	 */
	private HttpRequest.Builder toIngest(URI url) {
		HttpRequest.Builder request = HttpRequest.newBuilder(url);
		if (this.token != null && sameOrigin(url, this.ingest)) {
			request.header("Authorization", "Bearer " + this.token);
		}
		return request;
	}

	private static boolean sameOrigin(URI url, URI base) {
		return url.getScheme().equalsIgnoreCase(base.getScheme())
				&& url.getRawAuthority().equalsIgnoreCase(base.getRawAuthority());
	}

	private boolean hasAuthorizationHeader() {
		return this.headers.stream().anyMatch((header) -> header[0].equalsIgnoreCase("Authorization"));
	}

	private HttpResponse<String> sendWithRetries(HttpRequest original) throws IOException, InterruptedException {
		HttpRequest.Builder builder = HttpRequest.newBuilder(original, (name, value) -> true);
		this.headers.forEach((header) -> builder.header(header[0], header[1]));
		HttpRequest request = builder.build();
		Retry retry = Retry.of(request.method() + " " + request.uri(), RETRY);
		try {
			return retry.executeCallable(() -> this.http.send(request, HttpResponse.BodyHandlers.ofString()));
		}
		catch (IOException ex) {
			throw new IOException(request.method() + " " + request.uri() + " failed: " + ex.getMessage(), ex);
		}
		catch (InterruptedException | RuntimeException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new IOException(request.method() + " " + request.uri() + " failed: " + ex.getMessage(), ex);
		}
	}

	private static Long pauseMillis(Integer attempt, Either<Throwable, HttpResponse<String>> outcome) {
		long pause = FIRST_PAUSE_MILLIS << (attempt - 1);
		if (outcome.isRight()) {
			long retryAfter = outcome.get().headers().firstValueAsLong("Retry-After").orElse(0) * 1000;
			return Math.max(pause, retryAfter);
		}
		return pause;
	}

	private static JsonNode json(String body) {
		try {
			return JsonMapper.shared().readTree((body == null || body.isBlank()) ? "{}" : body);
		}
		catch (JacksonException ex) {
			return JsonMapper.shared().createObjectNode();
		}
	}

	/**
	 * ingest-api answered an upload 401: it needs a bearer token and got none, or one it
	 * does not accept (expired, signed with another secret, or from another issuer). The
	 * import stops; a re-run with a valid token resumes it.
	 */
	static final class TokenRefused extends IOException {

		private static final long serialVersionUID = 1L;

		TokenRefused(String detail, boolean sent) {
			super((sent ? "ingest-api refused the bearer token (401: " : "ingest-api needs a bearer token (401: ")
					+ detail + "). Pass a token with the service role with --token or the environment variable "
					+ "IMAGEPIPE_TOKEN.");
		}

	}

	/**
	 * What ingest-api answered an upload.
	 */
	sealed interface Upload permits Accepted, Rejected {

	}

	/**
	 * The upload was stored and queued.
	 *
	 * @param uploadId its id
	 * @param statusUrl where to follow it
	 */
	record Accepted(UUID uploadId, URI statusUrl) implements Upload {
	}

	/**
	 * The upload was refused, with the problem detail's fields.
	 *
	 * @param status the HTTP status
	 * @param type the problem type
	 * @param detail what is wrong
	 */
	record Rejected(int status, String type, String detail) implements Upload {
	}

	/**
	 * An upload's status.
	 *
	 * @param status queued, processing, done, failed or superseded
	 * @param imageUrl the image's URL, versioned once done
	 * @param error why it failed
	 */
	record Status(String status, String imageUrl, String error) {

		boolean isFinished() {
			return "done".equals(this.status) || "failed".equals(this.status) || "superseded".equals(this.status)
					|| "deleted".equals(this.status);
		}

	}

}
