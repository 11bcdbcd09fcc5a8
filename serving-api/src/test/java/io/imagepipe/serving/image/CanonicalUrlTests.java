package io.imagepipe.serving.image;

import java.awt.Color;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.stream.Stream;

import io.imagepipe.contract.ImageKey;
import io.imagepipe.serving.image.TestImages.Stored;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static io.imagepipe.serving.image.ImageServingTests.header;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Only the canonical URLs of an image, the ones serving-api and ingest-api publish, are
 * cacheable: every other spelling of a request for the same bytes is answered with
 * {@code Cache-Control: no-store}, so that random parameters, odd widths or encodings
 * cannot make a cache keep one copy per spelling.
 */
class CanonicalUrlTests extends ServingTest {

	private static final String IMMUTABLE = "public, max-age=31536000, immutable";

	static final ImageKey key = newProfile();

	static Stored image;

	static Stored rendition;

	@BeforeAll
	static void storeAnImageWithRenditions() {
		image = TestImages.store(key, TestImages.webp(Color.RED));
		rendition = TestImages
			.storeRenditions(key, 1024, Map.of(64, TestImages.webp(Color.BLUE), 128, TestImages.webp(Color.GREEN), 256,
					TestImages.webp(Color.YELLOW)))
			.get(64);
	}

	static Stream<Arguments> canonical() {
		return Stream.of(Arguments.of("", "public, no-cache"), Arguments.of("?v={v}", IMMUTABLE),
				Arguments.of("?v={r}&w=64", IMMUTABLE), Arguments.of("?w=64", "public, no-cache"));
	}

	static Stream<String> notCanonical() {
		return Stream.of("?v={v}&x=1", "?x=1&v={v}", "?v={v}&v={v}", "?v={v}&", "?&v={v}", "?w=64&v={r}",
				"?v={r}&w=064", "?v={r}&w=%36%34", "?%76={v}", "?V={v}", "?v={v}&W=64", "?v={v}&w=63", "?v={v}&w=65",
				"?v={v}&w=1024", "?v={v}&w=16384", "?v={v}&w=64", "?v={r}", "?v={R}", "?v=0000000000000000",
				"?v=not-a-version", "?x=1", "?w=63", "?w=1000", "?v={r}&w=64&x=", "?v={v}+", "?v=+{v}");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("canonical")
	void aCanonicalUrlIsCacheable(String query, String cacheControl) throws Exception {
		HttpResponse<byte[]> response = get(key.path() + spell(query));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(header(response, "Cache-Control")).isEqualTo(cacheControl);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("notCanonical")
	void anyOtherSpellingIsAnsweredButNeverStored(String query) throws Exception {
		String path = key.path() + spell(query);

		HttpResponse<byte[]> get = get(path);
		HttpResponse<byte[]> head = head(path);
		HttpResponse<byte[]> notModified = get(path, "If-None-Match", header(get, "ETag"));

		assertThat(get.statusCode()).isEqualTo(200);
		assertThat(WebpSignature.matches(get.body())).isTrue();
		assertThat(header(get, "Cache-Control")).isEqualTo("no-store");
		assertThat(head.statusCode()).isEqualTo(200);
		assertThat(header(head, "Cache-Control")).isEqualTo("no-store");
		assertThat(notModified.statusCode()).isEqualTo(304);
		assertThat(header(notModified, "Cache-Control")).isEqualTo("no-store");
	}

	@Test
	void aPercentEncodedVersionIsTheSameBytesButNotCacheable() throws Exception {
		String encoded = image.version()
			.chars()
			.mapToObj((c) -> "%" + Integer.toHexString(c))
			.reduce("", String::concat);

		HttpResponse<byte[]> response = get(key.path() + "?v=" + encoded);

		assertThat(response.body()).isEqualTo(image.bytes());
		assertThat(header(response, "ETag")).isEqualTo(image.etag());
		assertThat(header(response, "Cache-Control")).isEqualTo("no-store");
	}

	private static String spell(String query) {
		return query.replace("{v}", image.version())
			.replace("{r}", rendition.version())
			.replace("{R}", rendition.version().toUpperCase(java.util.Locale.ROOT));
	}

}
