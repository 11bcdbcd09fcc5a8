package io.imagepipe.serving.image;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;

import io.imagepipe.contract.ImageKey;
import io.imagepipe.testsupport.ImagepipeTest;

import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The base of the tests that run serving-api on a random port against this JVM's real,
 * migrated PostgreSQL database and talk to it over real HTTP.
 */
@ImagepipeTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "imagepipe.serving.public-base-url=https://img.example.com/")
abstract class ServingTest {

	static {
		// serving-api migrates nothing itself: the schema is there before its context
		// starts
		TestImages.database();
	}

	private static final AtomicInteger owners = new AtomicInteger();

	private static final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	/** Actuator's own port, never the public one. */
	@LocalManagementPort
	int managementPort;

	/**
	 * A user profile key no other test uses.
	 * @return the key
	 */
	static ImageKey newProfile() {
		return new ImageKey("users", "u" + owners.incrementAndGet() + "-" + System.nanoTime(), "profile");
	}

	HttpResponse<byte[]> get(String path, String... headers) throws IOException, InterruptedException {
		return send(request(path, headers).GET().build());
	}

	HttpResponse<byte[]> management(String path) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.managementPort + path)).GET().build());
	}

	HttpResponse<byte[]> head(String path, String... headers) throws IOException, InterruptedException {
		return send(request(path, headers).HEAD().build());
	}

	private HttpRequest.Builder request(String path, String... headers) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path));
		return (headers.length > 0) ? builder.headers(headers) : builder;
	}

	private static HttpResponse<byte[]> send(HttpRequest request) throws IOException, InterruptedException {
		return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
	}

}
