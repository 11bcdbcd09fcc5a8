package io.imagepipe.imports.legacy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.imagepipe.contract.ImageKey;
import io.imagepipe.testsupport.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The import's HTTP client against stand-ins for ingest-api and serving-api: which
 * requests carry the bearer token, and what a refused token or a rate limit does.
 */
class IngestClientTests {

	private static final String TOKEN = TestTokens.service();

	private static final ImageKey KEY = new ImageKey("users", "42", "profile");

	private final Stub ingest = new Stub();

	private final Stub serving = new Stub();

	@BeforeEach
	void start() throws IOException {
		this.ingest.start();
		this.serving.start();
	}

	@AfterEach
	void stop() {
		this.ingest.stop();
		this.serving.stop();
	}

	@Test
	void sendsTheTokenToIngestApiOnlyAndNeverToThePublicServingApi() throws Exception {
		UUID id = UUID.randomUUID();
		this.ingest.answer(202, "{\"uploadId\":\"" + id + "\",\"statusUrl\":\"/api/v1/uploads/" + id + "\"}");
		this.ingest.answer(200, "{\"status\":\"done\",\"imageUrl\":\"http://serving/images/users/42/profile?v=1\"}");
		this.serving.answer(404, "");
		IngestClient client = client(TOKEN, List.of());

		boolean exists = client.hasImage(KEY);
		IngestClient.Upload upload = client.upload(KEY, new byte[] { 1, 2, 3 });
		IngestClient.Status status = client.status(((IngestClient.Accepted) upload).statusUrl());

		assertThat(exists).isFalse();
		assertThat(upload).isEqualTo(new IngestClient.Accepted(id, this.ingest.url("/api/v1/uploads/" + id)));
		assertThat(status.status()).isEqualTo("done");
		assertThat(this.ingest.received).extracting(Received::authorization)
			.containsExactly("Bearer " + TOKEN, "Bearer " + TOKEN);
		assertThat(this.serving.received).extracting(Received::authorization).containsExactly((String) null);
	}

	@Test
	void aRefusedTokenStopsTheImportAndSaysHowToPassOne() throws Exception {
		this.ingest.answer(401, "{\"type\":\"urn:imagepipe:problem:invalid-token\",\"status\":401,"
				+ "\"detail\":\"The bearer token has expired, or is not valid yet.\"}");

		assertThatExceptionOfType(IngestClient.TokenRefused.class)
			.isThrownBy(() -> client(TestTokens.expired("42"), List.of()).upload(KEY, new byte[] { 1 }))
			.withMessageContaining("refused the bearer token")
			.withMessageContaining("has expired")
			.withMessageContaining("--token")
			.withMessageContaining("IMAGEPIPE_TOKEN");
		assertThat(this.ingest.received).hasSize(1);
	}

	@Test
	void anUploadWithoutATokenStopsTheImportAndSaysOneIsNeeded() {
		this.ingest.answer(401, "{\"type\":\"urn:imagepipe:problem:unauthorized\",\"status\":401,"
				+ "\"detail\":\"This needs a bearer token in the Authorization header.\"}");

		assertThatExceptionOfType(IngestClient.TokenRefused.class)
			.isThrownBy(() -> client(null, List.of()).upload(KEY, new byte[] { 1 }))
			.withMessageContaining("needs a bearer token");
		assertThat(this.ingest.received).extracting(Received::authorization).containsExactly((String) null);
	}

	@Test
	void aTokenThatMayNotWriteTheImageFailsThatImageOnly() throws Exception {
		this.ingest.answer(403, "{\"type\":\"urn:imagepipe:problem:forbidden\",\"status\":403,"
				+ "\"detail\":\"This token may not write this image.\"}");

		IngestClient.Upload upload = client(TestTokens.user("7"), List.of()).upload(KEY, new byte[] { 1 });

		assertThat(upload).isEqualTo(new IngestClient.Rejected(403, "urn:imagepipe:problem:forbidden",
				"This token may not write this image."));
	}

	@Test
	void aRateLimitedUploadIsSentAgainAfterRetryAfter() throws Exception {
		UUID id = UUID.randomUUID();
		this.ingest.answer(429, "{\"type\":\"urn:imagepipe:problem:rate-limited\",\"status\":429}",
				Map.of("Retry-After", "1"));
		this.ingest.answer(202, "{\"uploadId\":\"" + id + "\",\"statusUrl\":\"/api/v1/uploads/" + id + "\"}");
		long start = System.nanoTime();

		IngestClient.Upload upload = client(TestTokens.user("42"), List.of()).upload(KEY, new byte[] { 1 });

		assertThat(upload).isInstanceOf(IngestClient.Accepted.class);
		assertThat(this.ingest.received).hasSize(2);
		assertThat((System.nanoTime() - start) / 1_000_000).as("milliseconds waited").isGreaterThanOrEqualTo(1000);
	}

	@Test
	void headersGivenWithHeaderGoWithEveryRequest() throws Exception {
		this.serving.answer(200, "");
		client(TOKEN, List.<String[]>of(new String[] { "X-Gateway-Key", "k1" })).hasImage(KEY);

		assertThat(this.serving.received).extracting(Received::gatewayKey).containsExactly("k1");
		assertThat(this.serving.received).extracting(Received::authorization).containsExactly((String) null);
	}

	private IngestClient client(String token, List<String[]> headers) {
		return new IngestClient(HttpClient.newHttpClient(), this.ingest.url("/"), this.serving.url("/"), headers,
				token);
	}

	/**
	 * What a stand-in got.
	 */
	record Received(String method, String path, String authorization, String gatewayKey) {
	}

	/**
	 * A stand-in that gives its canned answers in order and records what it got.
	 */
	static final class Stub {

		final Queue<Received> received = new ConcurrentLinkedQueue<>();

		private final Deque<Answer> answers = new ArrayDeque<>();

		private HttpServer server;

		void start() throws IOException {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			this.server.createContext("/", this::handle);
			this.server.start();
		}

		void stop() {
			this.server.stop(0);
		}

		URI url(String path) {
			return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + path);
		}

		void answer(int status, String body) {
			answer(status, body, Map.of());
		}

		synchronized void answer(int status, String body, Map<String, String> headers) {
			this.answers.add(new Answer(status, body, headers));
		}

		private void handle(HttpExchange exchange) throws IOException {
			exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
			this.received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
					exchange.getRequestHeaders().getFirst("Authorization"),
					exchange.getRequestHeaders().getFirst("X-Gateway-Key")));
			Answer answer;
			synchronized (this) {
				answer = this.answers.isEmpty() ? new Answer(500, "", Map.of()) : this.answers.poll();
			}
			answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
			boolean head = exchange.getRequestMethod().equals("HEAD");
			exchange.sendResponseHeaders(answer.status(), (head || body.length == 0) ? -1 : body.length);
			if (!head && body.length > 0) {
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
			}
			exchange.close();
		}

		record Answer(int status, String body, Map<String, String> headers) {
		}

	}

}
