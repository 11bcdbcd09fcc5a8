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
import org.springframework.boot.test.web.server.LocalManagementPort;
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

	@LocalManagementPort
	int managementPort;

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
	void reportsTheDatabaseDownInHealthAndReadinessButStaysLive() throws Exception {
		HttpResponse<String> response = get(this.managementPort, "/actuator/health");

		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.body()).contains("\"db\":{\"status\":\"DOWN\"");
		HttpResponse<String> readiness = get(this.managementPort, "/actuator/health/readiness");
		assertThat(readiness.statusCode()).isEqualTo(503);
		assertThat(readiness.body()).contains("\"db\":{\"status\":\"DOWN\"");
		assertThat(get(this.managementPort, "/actuator/health/liveness").statusCode()).isEqualTo(200);
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return get(this.port, path);
	}

	private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build();
		try (HttpClient http = HttpClient.newHttpClient()) {
			return http.send(request, HttpResponse.BodyHandlers.ofString());
		}
	}

}
