package io.imagepipe.serving.image;

import java.awt.Color;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;

import io.imagepipe.contract.ImageKey;
import io.imagepipe.serving.image.RawHttp.Answer;
import io.imagepipe.serving.image.TestImages.Stored;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of answer, as a browser would receive it over the wire: images, 304s,
 * {@code HEAD}s, the metadata JSON, problems from the controllers, from Spring MVC, from
 * {@code /error} and from Tomcat itself. Each carries {@code nosniff} and the sandboxing
 * policy exactly once, the cross-origin policy that suits it (images may be embedded
 * anywhere, the rest only by serving-api's own origin), and nothing of the failure.
 */
class SecurityHeadersTests extends ServingTest {

	private static final String IMAGES_ANYWHERE = "cross-origin";

	private static final String OWN_ORIGIN_ONLY = "same-origin";

	private static final String PROBLEM = "application/problem+json";

	static final ImageKey image = newProfile();

	static final ImageKey notWebp = newProfile();

	static Stored stored;

	@BeforeAll
	static void storeAnImageARenditionAndBytesThatAreNotWebp() {
		stored = TestImages.store(image, TestImages.webp(Color.RED));
		TestImages.storeRenditions(image, 1024, Map.of(64, TestImages.webp(Color.BLUE)));
		TestImages.store(notWebp, "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8));
	}

	static Stream<Case> answers() {
		return Stream.of(new Case("image", "GET {image}", 200, IMAGES_ANYWHERE, "image/webp"),
				new Case("current version", "GET {image}?v={v}", 200, IMAGES_ANYWHERE, "image/webp"),
				new Case("rendition", "GET {image}?v={v}&w=64", 200, IMAGES_ANYWHERE, "image/webp"),
				new Case("HEAD", "HEAD {image}", 200, IMAGES_ANYWHERE, "image/webp"),
				new Case("304", "GET {image}", "If-None-Match: {etag}", 304, IMAGES_ANYWHERE, null),
				new Case("304 to HEAD", "HEAD {image}?v={v}", "If-None-Match: {etag}", 304, IMAGES_ANYWHERE, null),
				new Case("metadata", "GET {image}/meta", 200, OWN_ORIGIN_ONLY, "application/json"),
				new Case("metadata as HTML", "GET {image}/meta", "Accept: text/html", 406, OWN_ORIGIN_ONLY, PROBLEM),
				new Case("no image yet", "GET /images/users/nobody/profile", 404, OWN_ORIGIN_ONLY, PROBLEM),
				new Case("no metadata yet", "GET /images/users/nobody/profile/meta", 404, OWN_ORIGIN_ONLY, PROBLEM),
				new Case("unknown slot", "GET /images/users/42/avatar", 404, OWN_ORIGIN_ONLY, PROBLEM),
				new Case("unknown path", "GET /nothing/here", 404, OWN_ORIGIN_ONLY, PROBLEM),
				new Case("/error asked for", "GET /error", 404, OWN_ORIGIN_ONLY, PROBLEM),
				new Case("invalid width", "GET {image}?w=abc", 400, OWN_ORIGIN_ONLY, PROBLEM),
				new Case("broken query", "GET {image}?v=%zz", 400, OWN_ORIGIN_ONLY, PROBLEM),
				new Case("POST", "POST {image}", "Content-Length: 0", 405, OWN_ORIGIN_ONLY, PROBLEM),
				new Case("DELETE", "DELETE {image}", 405, OWN_ORIGIN_ONLY, PROBLEM),
				new Case("TRACE, refused by Tomcat", "TRACE {image}", 405, OWN_ORIGIN_ONLY, PROBLEM),
				new Case("stored bytes not WebP", "GET {notWebp}", 500, OWN_ORIGIN_ONLY, PROBLEM),
				new Case("HEAD of bytes not WebP", "HEAD {notWebp}", 500, OWN_ORIGIN_ONLY, PROBLEM),
				new Case("broken path encoding", "GET /images/users/%/profile", 400, OWN_ORIGIN_ONLY, PROBLEM),
				new Case("encoded slash", "GET /images/users/a%2Fb/profile", 400, OWN_ORIGIN_ONLY, PROBLEM),
				new Case("encoded NUL", "GET /images/users/a%00b/profile", 400, OWN_ORIGIN_ONLY, PROBLEM),
				new Case("no Host", "GET {image}", null, 400, OWN_ORIGIN_ONLY, PROBLEM),
				new Case("headers too large", "GET {image}", "X-Padding: " + "a".repeat(20_000), 400, OWN_ORIGIN_ONLY,
						PROBLEM),
				new Case("health, only on the management port", "GET /actuator/health", 404, OWN_ORIGIN_ONLY, PROBLEM));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("answers")
	void everyAnswerCarriesTheSecurityHeadersOnceAndNoInternals(Case answer) throws Exception {
		Answer response = RawHttp.send(this.port, answer.request());

		assertThat(response.status()).isEqualTo(answer.status());
		assertThat(response.all("X-Content-Type-Options")).containsExactly("nosniff");
		assertThat(response.all("Content-Security-Policy")).containsExactly("default-src 'none'; sandbox");
		assertThat(response.all("Cross-Origin-Resource-Policy")).containsExactly(answer.crossOriginResourcePolicy());
		if (answer.contentType() != null) {
			assertThat(response.all("Content-Type")).singleElement().asString().startsWith(answer.contentType());
		}
		if (PROBLEM.equals(answer.contentType()) && !answer.request().startsWith("HEAD")) {
			assertThat(response.body()).contains("\"status\":" + answer.status());
		}
		assertThat(response.body()).doesNotContainIgnoringCase("exception")
			.doesNotContainIgnoringCase("tomcat")
			.doesNotContain("org.springframework")
			.doesNotContain("at io.imagepipe")
			.doesNotContain("<html")
			.doesNotContain("<script");
	}

	/**
	 * One kind of answer.
	 *
	 * @param name what it is
	 * @param requestLine the method and path, with {@code {image}}, {@code {notWebp}},
	 * {@code {v}} and {@code {etag}} for the stored images
	 * @param header one header line besides {@code Host}, or {@code null} to send no
	 * {@code Host} either
	 * @param status the status expected
	 * @param crossOriginResourcePolicy the policy expected
	 * @param contentType how its {@code Content-Type} starts, or {@code null} when it has
	 * none
	 */
	record Case(String name, String requestLine, String header, int status, String crossOriginResourcePolicy,
			String contentType) {

		Case(String name, String requestLine, int status, String crossOriginResourcePolicy, String contentType) {
			this(name, requestLine, "", status, crossOriginResourcePolicy, contentType);
		}

		String request() {
			String headers = (this.header == null) ? ""
					: "Host: serving\r\n" + (this.header.isEmpty() ? "" : this.header + "\r\n");
			return (this.requestLine + " HTTP/1.1\r\n" + headers).replace("{image}", image.path())
				.replace("{notWebp}", notWebp.path())
				.replace("{v}", stored.version())
				.replace("{etag}", stored.etag());
		}

		@Override
		public String toString() {
			return this.name;
		}

	}

}
