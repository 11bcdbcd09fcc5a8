package io.imagepipe.serving.image;

import java.awt.Color;
import java.net.http.HttpResponse;
import java.util.Map;

import io.imagepipe.contract.ImageKey;
import io.imagepipe.serving.image.TestImages.Stored;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;

import static io.imagepipe.serving.image.ImageServingTests.header;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a page that asks for a display width ({@code ?w=}, as in a {@code srcset}) gets:
 * the narrowest rendition at least that wide, or the image itself, each tagged with the
 * hash of its own bytes and versioned by it; only a configured width that a rendition has
 * exactly is cacheable.
 */
class RenditionServingTests extends ServingTest {

	@Autowired
	JsonMapper json;

	@ParameterizedTest
	@CsvSource({ "1, 64, no-store", "64, 64, 'public, max-age=31536000, immutable'", "65, 128, no-store",
			"100, 128, no-store", "256, 256, 'public, max-age=31536000, immutable'", "257, 1024, no-store",
			"5000, 1024, no-store" })
	void servesTheNarrowestRenditionAtLeastAsWideAsAskedAndCachesOnlyAnExactOne(int asked, int served,
			String cacheControl) throws Exception {
		ImageKey key = newProfile();
		Stored image = TestImages.store(key, TestImages.webp(Color.RED));
		Map<Integer, Stored> renditions = withAvatarRenditions(key);
		Stored expected = (served == 1024) ? image : renditions.get(served);

		HttpResponse<byte[]> response = get(key.path() + "?v=" + expected.version() + "&w=" + asked);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo(expected.bytes());
		assertThat(header(response, "ETag")).isEqualTo(expected.etag());
		assertThat(header(response, "Content-Length")).isEqualTo(String.valueOf(expected.bytes().length));
		assertThat(header(response, "Content-Type")).isEqualTo("image/webp");
		assertThat(header(response, "Cache-Control")).isEqualTo(cacheControl);
	}

	@Test
	void renditionUnderAnOldVersionIsNotKeptByCaches() throws Exception {
		ImageKey key = newProfile();
		Stored old = TestImages.store(key, TestImages.webp(Color.RED));
		TestImages.store(key, TestImages.webp(Color.BLUE));
		Map<Integer, Stored> renditions = withAvatarRenditions(key);

		HttpResponse<byte[]> response = get(key.path() + "?v=" + old.version() + "&w=128");

		assertThat(response.body()).isEqualTo(renditions.get(128).bytes());
		assertThat(header(response, "Cache-Control")).isEqualTo("no-store");
	}

	@Test
	void theImagesOwnVersionDoesNotMakeARenditionCacheable() throws Exception {
		ImageKey key = newProfile();
		Stored image = TestImages.store(key, TestImages.webp(Color.RED));
		Map<Integer, Stored> renditions = withAvatarRenditions(key);

		HttpResponse<byte[]> response = get(key.path() + "?v=" + image.version() + "&w=128");

		assertThat(response.body()).isEqualTo(renditions.get(128).bytes());
		assertThat(header(response, "Cache-Control")).isEqualTo("no-store");
	}

	@Test
	void newRenditionBytesUnderTheSameImageBytesGetANewVersionedUrl() throws Exception {
		ImageKey key = newProfile();
		byte[] main = TestImages.webp(Color.RED);
		Stored image = TestImages.store(key, main);
		Stored before = TestImages.storeRenditions(key, 1024, Map.of(64, TestImages.webp(Color.CYAN))).get(64);
		String beforeUrl = key.path() + "?v=" + before.version() + "&w=64";
		assertThat(header(get(beforeUrl), "Cache-Control")).isEqualTo("public, max-age=31536000, immutable");

		// reprocessed after a preset change: the same image bytes, other rendition bytes
		Stored again = TestImages.store(key, main);
		Stored after = TestImages.storeRenditions(key, 1024, Map.of(64, TestImages.webp(Color.MAGENTA))).get(64);
		JsonNode meta = this.json.readTree(get(key.path() + "/meta").body());

		assertThat(again.version()).as("the image's own version").isEqualTo(image.version());
		assertThat(after.version()).isNotEqualTo(before.version());
		assertThat(meta.get("version").asString()).isEqualTo(image.version());
		assertThat(meta.get("renditions").get(0).get("url").asString())
			.isEqualTo("https://img.example.com" + key.path() + "?v=" + after.version() + "&w=64");
		HttpResponse<byte[]> old = get(beforeUrl);
		assertThat(old.body()).isEqualTo(after.bytes());
		assertThat(header(old, "Cache-Control")).as("the old rendition URL, now answered with other bytes")
			.isEqualTo("no-store");
		HttpResponse<byte[]> current = get(key.path() + "?v=" + after.version() + "&w=64");
		assertThat(current.body()).isEqualTo(after.bytes());
		assertThat(header(current, "Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
	}

	@Test
	void answersNotModifiedOnlyForTheRenditionsOwnTag() throws Exception {
		ImageKey key = newProfile();
		Stored image = TestImages.store(key, TestImages.webp(Color.GREEN));
		Map<Integer, Stored> renditions = withAvatarRenditions(key);

		HttpResponse<byte[]> same = get(key.path() + "?w=128", "If-None-Match", renditions.get(128).etag());
		HttpResponse<byte[]> other = get(key.path() + "?w=128", "If-None-Match", image.etag());

		assertThat(same.statusCode()).isEqualTo(304);
		assertThat(header(same, "ETag")).isEqualTo(renditions.get(128).etag());
		assertThat(header(same, "Cache-Control")).isEqualTo("public, no-cache");
		assertThat(other.statusCode()).isEqualTo(200);
		assertThat(other.body()).isEqualTo(renditions.get(128).bytes());
	}

	@Test
	void answersHeadOfARenditionWithItsHeaders() throws Exception {
		ImageKey key = newProfile();
		Stored image = TestImages.store(key, TestImages.webp(Color.ORANGE));
		Map<Integer, Stored> renditions = withAvatarRenditions(key);

		HttpResponse<byte[]> response = head(key.path() + "?v=" + renditions.get(64).version() + "&w=64");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(header(response, "ETag")).isEqualTo(renditions.get(64).etag());
		assertThat(header(response, "Content-Length")).isEqualTo(String.valueOf(renditions.get(64).bytes().length));
		assertThat(header(response, "Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
	}

	@Test
	void servesTheImageItselfWhenItHasNoRenditions() throws Exception {
		ImageKey key = newProfile();
		Stored image = TestImages.store(key, TestImages.webp(Color.PINK));

		HttpResponse<byte[]> response = get(key.path() + "?w=64");

		assertThat(response.body()).isEqualTo(image.bytes());
		assertThat(header(response, "ETag")).isEqualTo(image.etag());
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "-5", "abc", "12.5", "99999", "" })
	void refusesAWidthThatIsNotAPixelCount(String w) throws Exception {
		ImageKey key = newProfile();
		TestImages.store(key, TestImages.webp(Color.RED));

		HttpResponse<byte[]> response = get(key.path() + "?w=" + w);

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(header(response, "Content-Type")).startsWith("application/problem+json");
		assertThat(this.json.readTree(response.body()).get("type").asString())
			.isEqualTo("urn:imagepipe:problem:invalid-width");
	}

	@Test
	void metadataListsTheRenditionsWithTheirVersionedUrlsAndThePlaceholderColour() throws Exception {
		ImageKey key = newProfile();
		TestImages.store(key, TestImages.webp(Color.RED));
		Map<Integer, Stored> renditions = withAvatarRenditions(key);

		JsonNode meta = this.json.readTree(get(key.path() + "/meta").body());

		assertThat(meta.get("placeholderColor").asString()).isEqualTo("#336699");
		assertThat(meta.get("renditions")).hasSize(3);
		JsonNode first = meta.get("renditions").get(0);
		assertThat(first.get("width").asInt()).isEqualTo(64);
		assertThat(first.get("height").asInt()).isEqualTo(42);
		assertThat(first.get("url").asString())
			.isEqualTo("https://img.example.com" + key.path() + "?v=" + renditions.get(64).version() + "&w=64");
	}

	private static Map<Integer, Stored> withAvatarRenditions(ImageKey key) {
		return TestImages.storeRenditions(key, 1024, Map.of(64, TestImages.webp(Color.CYAN), 128,
				TestImages.webp(Color.MAGENTA), 256, TestImages.webp(Color.YELLOW)));
	}

}
