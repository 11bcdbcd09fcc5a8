package io.imagepipe.serving.image;

import java.awt.Color;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.imagepipe.contract.ImageKey;
import io.imagepipe.serving.image.TestImages.Stored;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static io.imagepipe.serving.image.ImageServingTests.header;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Only re-encoded WebP is ever served, even from a database row that was corrupted or
 * tampered with: what does not open with the WebP signature is refused with a generic
 * {@code 500} by every way of reading it, and the {@code Content-Type} is always
 * {@code image/webp}, whatever the row's {@code content_type} says.
 */
@ExtendWith(OutputCaptureExtension.class)
class OnlyWebpIsServedTests extends ServingTest {

	private static final byte[] HTML = "<html><body><script>alert(document.domain)</script></body></html>"
		.getBytes(StandardCharsets.UTF_8);

	@Autowired
	JsonMapper json;

	@Test
	void refusesStoredBytesThatAreNotWebpWhicheverWayTheyAreAskedFor(CapturedOutput output) throws Exception {
		ImageKey key = newProfile();
		Stored stored = TestImages.store(key, HTML, "image/webp");

		assertRefused(get(key.path()));
		assertRefused(get(key.path() + "?v=" + stored.version()));
		assertRefused(get(key.path(), "If-None-Match", "\"0000\""));
		assertRefused(head(key.path()));
		assertRefused(get(key.path() + "/meta"));
		assertThat(output).contains("Refused to serve " + key.path() + ": the stored bytes are not a WebP file");
	}

	@Test
	void refusesARenditionThatIsNotWebpAndStillServesTheImage(CapturedOutput output) throws Exception {
		ImageKey key = newProfile();
		Stored image = TestImages.store(key, TestImages.webp(Color.RED));
		TestImages.storeRenditions(key, 1024, Map.of(64, HTML));

		assertRefused(get(key.path() + "?w=64"));
		assertRefused(head(key.path() + "?w=64"));
		assertThat(get(key.path()).body()).isEqualTo(image.bytes());
		assertThat(output).contains("Refused to serve " + key.path() + "?w=64");
	}

	@Test
	void refusesBytesTooShortToHoldTheSignature() throws Exception {
		ImageKey key = newProfile();
		TestImages.store(key, "RIFF".getBytes(StandardCharsets.US_ASCII));

		assertRefused(get(key.path()));
		assertRefused(head(key.path()));
	}

	@Test
	void sendsImageWebpWhateverTheStoredContentTypeSays() throws Exception {
		ImageKey key = newProfile();
		Stored stored = TestImages.store(key, TestImages.webp(Color.GREEN), "text/html");

		HttpResponse<byte[]> response = get(key.path());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo(stored.bytes());
		assertThat(header(response, "Content-Type")).isEqualTo("image/webp");
		assertThat(header(head(key.path()), "Content-Type")).isEqualTo("image/webp");
		JsonNode meta = this.json.readTree(get(key.path() + "/meta").body());
		assertThat(meta.get("contentType").asString()).isEqualTo("image/webp");
	}

	@Test
	void sendsBytesThatOnlyClaimToBeWebpAsInertWebp() throws Exception {
		ImageKey key = newProfile();
		Stored stored = TestImages.store(key, TestImages.webpSignatureFollowedBy(HTML), "text/html");

		HttpResponse<byte[]> response = get(key.path());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo(stored.bytes());
		assertThat(header(response, "Content-Type")).isEqualTo("image/webp");
		assertThat(header(response, "X-Content-Type-Options")).isEqualTo("nosniff");
		assertThat(header(response, "Content-Security-Policy")).isEqualTo("default-src 'none'; sandbox");
	}

	@Test
	void headAnnouncesTheLengthOfTheStoredBytesNotTheRecordedSize() throws Exception {
		ImageKey key = newProfile();
		Stored stored = TestImages.store(key, TestImages.webp(Color.BLUE));
		TestImages.tamper(key, "byte_size = 1");

		HttpResponse<byte[]> head = head(key.path());
		JsonNode meta = this.json.readTree(get(key.path() + "/meta").body());

		assertThat(header(head, "Content-Length")).isEqualTo(String.valueOf(stored.bytes().length));
		assertThat(meta.get("byteSize").asInt()).isEqualTo(stored.bytes().length);
	}

	private void assertRefused(HttpResponse<byte[]> response) {
		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(header(response, "Content-Type")).startsWith("application/problem+json");
		assertThat(header(response, "ETag")).isNull();
		String body = new String(response.body(), StandardCharsets.UTF_8);
		assertThat(body).doesNotContain("<script").doesNotContain("WebP").doesNotContain("RIFF");
		if (!body.isEmpty()) {
			JsonNode problem = this.json.readTree(body);
			assertThat(problem.get("type").asString()).isEqualTo("urn:imagepipe:problem:internal-error");
			assertThat(problem.get("detail").asString())
				.isEqualTo("Something went wrong on our side. The error is logged.");
		}
	}

}
