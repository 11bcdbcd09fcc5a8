package io.imagepipe.serving.image;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * serving-api started while its database cannot be reached: it starts anyway and asks
 * clients to come back, rather than failing with a 500.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class DatabaseUnavailableTests {

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void unreachableDatabase(DynamicPropertyRegistry registry) throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		registry.add("spring.datasource.url", () -> "jdbc:postgresql://127.0.0.1:" + closedPort + "/imagepipe");
		registry.add("spring.datasource.hikari.connection-timeout", () -> "300");
	}

	@Test
	void answersServiceUnavailableWithRetryAfter() throws Exception {
		HttpResponse<String> response = get("/images/users/42/profile");

		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(response.body()).contains("urn:imagepipe:problem:temporarily-unavailable")
			.doesNotContain("Connection")
			.doesNotContain("postgresql")
			.doesNotContain("Exception");
	}

	@Test
	void reportsTheDatabaseDownInHealth() throws Exception {
		HttpResponse<String> response = get("/actuator/health");

		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.body()).contains("\"db\":{\"status\":\"DOWN\"");
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build();
		try (HttpClient http = HttpClient.newHttpClient()) {
			return http.send(request, HttpResponse.BodyHandlers.ofString());
		}
	}

}
