package io.imagepipe.serving.image;

import java.awt.Color;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.imagepipe.contract.ImageKey;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static io.imagepipe.serving.image.ImageServingTests.header;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pages on the configured origins read the metadata with {@code fetch}; others do not,
 * and nothing is ever allowed with credentials or for writes.
 */
@TestPropertySource(properties = "imagepipe.serving.cors.allowed-origins=https://app.example.com")
class CorsTests extends ServingTest {

	@Test
	void anAllowedOriginReadsTheMetadata() throws Exception {
		ImageKey key = newProfile();
		TestImages.store(key, TestImages.webp(Color.RED));

		HttpResponse<byte[]> response = get(key.path() + "/meta", "Origin", "https://app.example.com");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(header(response, "Access-Control-Allow-Origin")).isEqualTo("https://app.example.com");
		assertThat(response.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
	}

	@Test
	void anotherOriginIsRefused() throws Exception {
		ImageKey key = newProfile();
		TestImages.store(key, TestImages.webp(Color.RED));

		HttpResponse<byte[]> response = get(key.path() + "/meta", "Origin", "https://evil.example.net");

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
	}

	@Test
	void aPreflightAllowsGetButNotWrites() throws Exception {
		ImageKey key = newProfile();

		HttpResponse<byte[]> get = options(key.path() + "/meta", "GET");
		HttpResponse<byte[]> delete = options(key.path() + "/meta", "DELETE");

		assertThat(get.statusCode()).isEqualTo(200);
		assertThat(header(get, "Access-Control-Allow-Methods")).contains("GET").doesNotContain("DELETE");
		assertThat(delete.statusCode()).isEqualTo(403);
	}

	private HttpResponse<byte[]> options(String path, String method) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Origin", "https://app.example.com")
			.header("Access-Control-Request-Method", method)
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.build();
		try (HttpClient http = HttpClient.newHttpClient()) {
			return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
		}
	}

}
