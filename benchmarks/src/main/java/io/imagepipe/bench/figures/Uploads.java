package io.imagepipe.bench.figures;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.imagepipe.bench.env.Sleep;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Uploads through ingest-api's API with a bearer token, as a backend uploading for its
 * users does, and waits for them as the upload component ({@code imagepipe-upload.js})
 * does: listens to the upload's event stream until {@code ready} (polling the status only
 * when the stream cannot be opened), then fetches the versioned image until serving-api
 * answers 200.
 */
final class Uploads {

	private static final Duration POLL = Duration.ofMillis(10);

	private static final int MAX_ATTEMPTS = 20;

	private final AtomicInteger retried = new AtomicInteger();

	private final HttpClient http = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(5))
		.version(HttpClient.Version.HTTP_1_1)
		.build();

	private final URI ingest;

	private final String token;

	/**
	 * @param ingest ingest-api's base URL
	 * @param token the bearer token of every upload
	 */
	Uploads(URI ingest, String token) {
		this.ingest = ingest;
		this.token = token;
	}

	/**
	 * Uploads to the run's ingest-api with a token with the service role.
	 * @param run the run, with its services up
	 * @return the uploads
	 */
	static Uploads asService(Run run) {
		return new Uploads(run.services().ingestUrl(), run.services().serviceToken());
	}

	/**
	 * Upload a photo as the raw request body.
	 * @param ownerId the user whose profile photo it is
	 * @param photo the bytes
	 * @return the status URL from the 202 answer
	 */
	URI upload(String ownerId, byte[] photo) {
		HttpRequest request = HttpRequest
			.newBuilder(this.ingest.resolve("/api/v1/images/users/" + ownerId + "/profile"))
			.header("Authorization", "Bearer " + this.token)
			.header("Content-Type", "image/jpeg")
			.timeout(Duration.ofMinutes(2))
			.POST(HttpRequest.BodyPublishers.ofByteArray(photo))
			.build();
		for (int attempt = 1;; attempt++) {
			HttpResponse<String> response = send(request);
			if (response.statusCode() == 202) {
				return this.ingest.resolve(json(response.body()).path("statusUrl").asString());
			}
			if (response.statusCode() != 503 || attempt == MAX_ATTEMPTS) {
				throw new IllegalStateException("Upload answered " + response.statusCode() + ": " + response.body());
			}
			// as a page does: wait as long as Retry-After says, then send it again
			this.retried.incrementAndGet();
			Sleep.millis(1000 * response.headers().firstValueAsLong("Retry-After").orElse(1));
		}
	}

	/**
	 * How many uploads were answered 503 and sent again after {@code Retry-After}.
	 * @return the count so far
	 */
	int retried() {
		return this.retried.get();
	}

	/**
	 * Wait until an upload is done and return its versioned image URL: from the upload's
	 * event stream, as a page does, or by polling its status when the stream is refused.
	 * @param status the status URL
	 * @param timeout how long to wait at most
	 * @return the versioned URL of the image
	 */
	URI awaitDone(URI status, Duration timeout) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(status + "/events"))
			.header("Accept", "text/event-stream")
			.timeout(timeout)
			.build();
		HttpResponse<Stream<String>> response;
		try {
			response = this.http.send(request, HttpResponse.BodyHandlers.ofLines());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(request.uri() + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		if (response.statusCode() != 200) {
			response.body().close();
			return pollDone(status, timeout);
		}
		try (Stream<String> lines = response.body()) {
			String event = "message";
			for (String line : (Iterable<String>) lines::iterator) {
				if (line.startsWith("event:")) {
					event = line.substring("event:".length()).strip();
				}
				else if (line.startsWith("data:")) {
					String data = line.substring("data:".length()).strip();
					if ("ready".equals(event)) {
						return URI.create(json(data).path("imageUrl").asString());
					}
					if ("failed".equals(event) || "superseded".equals(event) || "deleted".equals(event)) {
						throw new IllegalStateException("Upload ended " + event + ": " + data);
					}
				}
				else if (line.isEmpty()) {
					event = "message";
				}
			}
		}
		catch (UncheckedIOException ex) {
			// the stream broke: the status answers what it missed
		}
		return pollDone(status, timeout);
	}

	private URI pollDone(URI status, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			HttpResponse<String> response = send(
					HttpRequest.newBuilder(status).timeout(Duration.ofSeconds(10)).build());
			JsonNode body = json(response.body());
			String state = body.path("status").asString();
			if ("done".equals(state)) {
				return URI.create(body.path("imageUrl").asString());
			}
			if ("failed".equals(state) || "superseded".equals(state) || "deleted".equals(state)) {
				throw new IllegalStateException("Upload ended " + state + ": " + response.body());
			}
			Sleep.millis(POLL.toMillis());
		}
		throw new IllegalStateException("Upload not done within " + timeout.toSeconds() + " s: " + status);
	}

	/**
	 * Fetch an image until it is served (200).
	 * @param image its URL
	 * @param timeout how long to try
	 * @return the answer
	 */
	HttpResponse<byte[]> awaitServed(URI image, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			HttpResponse<byte[]> response = fetch(image, null);
			if (response.statusCode() == 200 || System.nanoTime() > deadline) {
				return response;
			}
			Sleep.millis(POLL.toMillis());
		}
	}

	/**
	 * GET a URL, optionally with {@code If-None-Match}.
	 * @param url the URL
	 * @param etag the tag to revalidate, or {@code null}
	 * @return the answer
	 */
	HttpResponse<byte[]> fetch(URI url, String etag) {
		HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30));
		if (etag != null) {
			request.header("If-None-Match", etag);
		}
		try {
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private HttpResponse<String> send(HttpRequest request) {
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(request.uri() + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static JsonNode json(String body) {
		return JsonMapper.shared().readTree(body);
	}

}
