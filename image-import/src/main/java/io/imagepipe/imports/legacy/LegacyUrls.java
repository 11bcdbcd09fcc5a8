package io.imagepipe.imports.legacy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Reads the image behind a legacy URL column: an absolute {@code http(s):} or
 * {@code file:} URL, or a path such as {@code /static/images/42.jpg} resolved against a
 * base, which is the old site ({@code https://old.example.com}) or the folder it served
 * from ({@code file:/srv/old-app}).
 */
final class LegacyUrls {

	private final String base;

	private final HttpClient http;

	LegacyUrls(String base, HttpClient http) {
		this.base = (base == null || base.isBlank()) ? null : base.replaceAll("/+$", "");
		this.http = http;
	}

	/**
	 * The absolute URL of a legacy URL.
	 * @param url the column's value
	 * @return the URL to read
	 * @throws IOException when a relative URL has no base to resolve against
	 */
	URI resolve(String url) throws IOException {
		String trimmed = url.strip();
		if (trimmed.matches("(?i)(https?|file):.*")) {
			return URI.create(trimmed);
		}
		if (this.base == null) {
			throw new IOException("the legacy URL '" + trimmed + "' is relative; give --url-base");
		}
		return URI.create(this.base + "/" + trimmed.replaceFirst("^/+", ""));
	}

	/**
	 * Read the bytes behind a legacy URL.
	 * @param url the column's value
	 * @return the bytes
	 * @throws IOException when they cannot be read
	 * @throws InterruptedException when interrupted while waiting for a server
	 */
	byte[] read(String url) throws IOException, InterruptedException {
		URI uri = resolve(url);
		if ("file".equalsIgnoreCase(uri.getScheme())) {
			return Files.readAllBytes(Path.of(uri));
		}
		HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build();
		HttpResponse<byte[]> response = this.http.send(request, HttpResponse.BodyHandlers.ofByteArray());
		if (response.statusCode() != 200) {
			throw new IOException(uri + " answered " + response.statusCode());
		}
		return response.body();
	}

}
