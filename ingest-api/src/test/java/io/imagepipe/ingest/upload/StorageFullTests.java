package io.imagepipe.ingest.upload;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.imagepipe.testsupport.HostileImages;
import io.imagepipe.testsupport.ImagepipeTest;
import io.imagepipe.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Past the database size cap (set here far below what any database takes), every upload
 * gets 507 {@code storage-full} with a {@code Retry-After}, instead of filling the disk.
 */
@DirtiesContext
@ImagepipeTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "imagepipe.upload.storage.max-database-size=1MB", "imagepipe.upload.storage.retry-after=10m",
				// a context of its own, closed after the class: few connections
				"spring.datasource.hikari.maximum-pool-size=3" })
class StorageFullTests {

	@LocalServerPort
	int port;

	@Test
	void uploadsPastTheDatabaseCapGet507WithRetryAfter() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest
				.newBuilder(URI.create("http://localhost:" + this.port + "/api/v1/images/users/full-1/profile"))
				.header("Authorization", "Bearer " + TestTokens.user("full-1"))
				.POST(HttpRequest.BodyPublishers.ofByteArray(HostileImages.ordinaryJpeg(64, 64)))
				.build(), HttpResponse.BodyHandlers.ofString());
		HostileUploadApiTests.assertProblem(response, 507, "storage-full", "Try again later");
		assertThat(response.headers().firstValue("Retry-After")).hasValue("600");
	}

}
