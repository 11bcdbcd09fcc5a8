package io.imagepipe.ingest.upload;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import javax.imageio.ImageIO;

import io.imagepipe.testsupport.ImagepipeTest;
import io.imagepipe.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ingest-api whose database is unreachable (a closed port): uploads, checked against
 * their bearer token without the database, get 503 with Retry-After at once, never a 500
 * and never a hang.
 */
@ImagepipeTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:postgresql://127.0.0.1:9/imagepipe", "spring.flyway.enabled=false",
				"spring.data.jdbc.dialect=postgresql", "spring.datasource.hikari.initialization-fail-timeout=-1",
				"imagepipe.messaging.relay-interval=1h" })
class DatabaseDownTests {

	private static final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Test
	void uploadsGet503WithRetryAfterWithinASecond() throws Exception {
		for (int i = 0; i < 5; i++) {
			long start = System.nanoTime();
			HttpResponse<String> response = upload();
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
			assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
			assertThat(response.body()).contains("urn:imagepipe:problem:temporarily-unavailable")
				.doesNotContain("Exception");
			assertThat(took).isLessThan(Duration.ofSeconds(1));
		}
	}

	@Test
	void statusLookupsGet503Too() throws Exception {
		HttpResponse<String> response = http.send(HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + "/api/v1/uploads/" + java.util.UUID.randomUUID()))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(503);
	}

	private HttpResponse<String> upload() throws Exception {
		ByteArrayOutputStream png = new ByteArrayOutputStream();
		ImageIO.write(new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB), "png", png);
		return http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/v1/images/users/1/profile"))
				.header("Authorization", TestTokens.bearer(TestTokens.user("1")))
				.POST(HttpRequest.BodyPublishers.ofByteArray(png.toByteArray()))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

}
